package dev.vkube.apiserver.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.apiserver.testing.ApiClient;
import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.apiserver.testing.TestCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many watches multiplexed as HTTP/2 streams on one connection (as client-go's informers share one
 * connection) all receive every event, in order, while writes go on over the same connection. The
 * server joins a lagging watcher's frames into larger writes; batching must never leave a stream or
 * the connection without its data. (A flush-deferring handler above TLS, tried for the fan-out
 * benchmark, made the POSTs of this test hang: this test is the guard for such changes.)
 */
class WatchFanOutIT {
  private static final int WATCHERS = 300;
  private static final int EVENTS = 60;
  @RegisterExtension
  static EtcdExtension etcd = new EtcdExtension();
  @TempDir
  static Path dataDir;
  static TestCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.startWithoutControllers(etcd, dataDir);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void everyStreamOnOneConnectionReceivesEveryEventInOrder() throws Exception {
    ApiClient api = cluster.api();
    String ns = cluster.namespace();
    String path = "/api/v1/namespaces/" + ns + "/configmaps";
    String resourceVersion = api.get(path).json().path("metadata").path("resourceVersion").asText();
    HttpClient http = api.http();
    List<Lines> watchers = new ArrayList<>();
    for (int i = 0; i < WATCHERS; i++) {
      Lines lines = new Lines();
      watchers.add(lines);
      http.sendAsync(HttpRequest.newBuilder(URI.create(api.server() + path + "?watch=true&resourceVersion="
          + resourceVersion)).GET().build(), info -> HttpResponse.BodySubscribers.fromLineSubscriber(lines));
    }
    // Writes in quick succession, so frames pile up per watcher and per connection between flushes.
    for (int i = 0; i < EVENTS; i++) {
      ApiClient.Reply created = api.send("POST", path, "application/json",
          "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm-" + i + "\"},\"data\":{\"k\":\""
              + "x".repeat(200) + "\"}}");
      assertEquals(201, created.code(), created.body());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && watchers.stream().anyMatch(w -> w.names.size() < EVENTS)) {
      Thread.sleep(50);
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      expected.add("cm-" + i);
    }
    Set<Integer> incomplete = new java.util.TreeSet<>();
    for (int i = 0; i < WATCHERS; i++) {
      if (!watchers.get(i).names.equals(expected)) {
        incomplete.add(i);
      }
    }
    assertTrue(incomplete.isEmpty(), incomplete.size() + " of " + WATCHERS + " watchers did not get all " + EVENTS
        + " events in order, e.g. watcher " + incomplete.stream().findFirst().map(String::valueOf).orElse("")
        + ": " + incomplete.stream().findFirst().map(i -> watchers.get(i).names.stream().collect(Collectors.joining(",")))
        .orElse(""));
    watchers.forEach(Lines::cancel);
  }

  /** One watch's ADDED object names, in arrival order. */
  private static final class Lines implements Flow.Subscriber<String> {
    final List<String> names = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (line.isBlank()) {
        return;
      }
      int at = line.indexOf("\"name\":\"");
      if (line.startsWith("{\"type\":\"ADDED\"") && at > 0) {
        names.add(line.substring(at + 8, line.indexOf('"', at + 8)));
      }
    }

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}

    void cancel() {
      Flow.Subscription current = subscription;
      if (current != null) {
        current.cancel();
      }
    }
  }
}
