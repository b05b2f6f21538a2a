package dev.vkube.apiserver.storage.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.apiserver.storage.WatchEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventWindowTest {
  @Test
  void keepsTheLatestEventsAndFindsThoseAfterARevision() {
    EventWindow window = new EventWindow(3);
    for (long revision = 10; revision <= 14; revision++) {
      window.add(event(revision));
    }

    assertTrue(window.evicted());
    assertEquals(12, window.oldestRevision());
    assertEquals(List.of(13L, 14L), revisions(window.after(12)));
    assertEquals(List.of(12L, 13L, 14L), revisions(window.after(5)));
    assertEquals(List.of(), revisions(window.after(14)));
  }

  @Test
  void clearForgetsEventsAndEviction() {
    EventWindow window = new EventWindow(1);
    window.add(event(1));
    window.add(event(2));

    window.clear();

    assertTrue(window.isEmpty());
    assertFalse(window.evicted());
  }

  private static CacheEvent event(long revision) {
    return new CacheEvent(WatchEvent.Type.ADDED, "/k" + revision, null, null, revision);
  }

  private static List<Long> revisions(List<CacheEvent> events) {
    return events.stream().map(CacheEvent::revision).toList();
  }
}
