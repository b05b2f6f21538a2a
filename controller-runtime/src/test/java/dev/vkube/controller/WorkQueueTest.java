package dev.vkube.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import org.junit.jupiter.api.Test;

/** client-go workqueue semantics (util/workqueue/queue_test.go), as our own cases. */
class WorkQueueTest {
  @Test
  void addsOfAQueuedKeyAreCoalesced() throws Exception {
    try (WorkQueue<String> q = new WorkQueue<>("t", Clock.systemUTC())) {
      q.add("a");
      q.add("a");
      q.add("b");
      assertEquals(2, q.length());
      assertEquals("a", q.take());
      assertEquals("b", q.take());
    }
  }

  @Test
  void aKeyAddedWhileProcessingRunsOnceMoreAfterDone() throws Exception {
    try (WorkQueue<String> q = new WorkQueue<>("t", Clock.systemUTC())) {
      q.add("a");
      String key = q.take();
      q.add("a");
      assertEquals(0, q.length(), "not handed to a second worker while processing");
      q.done(key);
      assertEquals(1, q.length());
      assertEquals("a", q.take());
    }
  }

  @Test
  void shutDownReleasesWaitingWorkers() throws Exception {
    WorkQueue<String> q = new WorkQueue<>("t", Clock.systemUTC());
    q.close();
    assertNull(q.take());
  }

  @Test
  void backoffDoublesPerKeyAndForgetResets() {
    RateLimiter<String> limiter = new RateLimiter<>(Clock.systemUTC());
    assertEquals(5, limiter.when("k").toMillis());
    assertEquals(10, limiter.when("k").toMillis());
    assertEquals(20, limiter.when("k").toMillis());
    limiter.forget("k");
    assertEquals(5, limiter.when("k").toMillis());
  }
}
