package dev.vkube.bench.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

/**
 * Watch fan-out: W watchers of one namespace's ConfigMaps from the current list resourceVersion, then
 * N creates at a steady rate, each stamped with its System.nanoTime (watchers share this JVM, so the
 * clock is common); every (watcher, object) delivery's send-to-receipt delay is one sample. A
 * sentinel object first proves every watch is registered server-side, as the k8s watch-latency
 * tests (test/integration/apiserver/watchcache) wait for a marker before timing.
 */
final class WatchLatency {
  /** How long to wait for deliveries after the last send; one still missing then counts as missed. */
  private static final long SETTLE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KubeApi writer;
  private final WatchConnections watchConnections;
  private final String payload;
  private final DoubleSupplier serverRss;

  /** {@code serverRss} is read while all watches are still open, to show what they cost the server. */
  WatchLatency(KubeApi writer, WatchConnections watchConnections, int dataBytes, DoubleSupplier serverRss) {
    this.writer = writer;
    this.watchConnections = watchConnections;
    this.payload = ConfigMaps.filler(dataBytes);
    this.serverRss = serverRss;
  }

  record Result(int watchers, int objects, double ratePerSecond, long establishNanos, long sentinelNanos,
      Percentiles delivery, Percentiles createLatency, long missed, long duplicates, long unexpected,
      int endedEarly, String firstProblem, double serverRssWhileOpen) {}

  Result run(String namespace, int watchers, int objects, double ratePerSecond)
      throws IOException, InterruptedException {
    writer.createNamespace(namespace);
    String path = ConfigMaps.path(namespace);
    String resourceVersion = JSON.readTree(writer.get(path).body()).path("metadata").path("resourceVersion").asText();
    long openStart = System.nanoTime();
    List<WatchStream> streams = open(path + "?watch=true&resourceVersion=" + resourceVersion, watchers, objects);
    long establishNanos = System.nanoTime() - openStart;
    createOrFail(path, ConfigMaps.stamped("sentinel", WatchStream.SENTINEL, System.nanoTime(), payload));
    boolean allSawSentinel = await(() -> streams.stream().allMatch(WatchStream::sentinelSeen), openStart);
    long sentinelNanos = System.nanoTime() - openStart;
    if (!allSawSentinel) {
      cancel(streams);
      throw new IOException(streams.stream().filter(s -> !s.sentinelSeen()).count()
          + " watchers never saw the sentinel; first end: " + firstEnd(streams));
    }
    Creates creates = createSteadily(path, objects, ratePerSecond);
    long expected = (long) watchers * objects;
    await(() -> streams.stream().mapToLong(WatchStream::received).sum() >= expected, System.nanoTime());
    double rss = serverRss.getAsDouble();
    cancel(streams);
    return summarize(streams, objects, ratePerSecond, establishNanos, sentinelNanos, creates, rss);
  }

  private List<WatchStream> open(String watchPath, int watchers, int objects) throws IOException,
      InterruptedException {
    List<WatchStream> streams = new ArrayList<>();
    CountDownLatch headers = new CountDownLatch(watchers);
    AtomicReference<String> refused = new AtomicReference<>();
    for (int i = 0; i < watchers; i++) {
      WatchStream stream = new WatchStream(objects);
      streams.add(stream);
      watchConnections.open(i, watchPath, stream).onComplete((status, error) -> {
        if (error != null) {
          refused.compareAndSet(null, "watch failed: " + error);
        } else if (status != 200) {
          refused.compareAndSet(null, "watch -> HTTP " + status);
        }
        headers.countDown();
      });
    }
    if (!headers.await(60, TimeUnit.SECONDS) || refused.get() != null) {
      cancel(streams);
      throw new IOException("could not open " + watchers + " watches: " + refused.get());
    }
    return streams;
  }

  /** The writes: one POST every 1/rate seconds (an open loop, so a slow server cannot slow the rate). */
  private record Creates(Percentiles latency, long failures, String firstFailure) {}

  private Creates createSteadily(String path, int objects, double ratePerSecond) throws InterruptedException {
    long period = (long) (1e9 / ratePerSecond);
    long[] latencies = new long[objects];
    AtomicLong failures = new AtomicLong();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(objects);
    long start = System.nanoTime();
    for (int i = 0; i < objects; i++) {
      long due = start + i * period;
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      int index = i;
      long sent = System.nanoTime();
      CompletableFuture<KubeApi.Reply> post =
          writer.postAsync(i, path, ConfigMaps.stamped("w-" + i, i, sent, payload));
      post.whenComplete((response, error) -> {
        latencies[index] = System.nanoTime() - sent;
        if (error != null || response.statusCode() != 201) {
          failures.incrementAndGet();
          firstFailure.compareAndSet(null, error != null ? error.toString() : "HTTP " + response.statusCode());
        }
        done.countDown();
      });
    }
    done.await(60, TimeUnit.SECONDS);
    return new Creates(Percentiles.of(latencies, objects), failures.get(), firstFailure.get());
  }

  private Result summarize(List<WatchStream> streams, int objects, double rate, long establishNanos,
      long sentinelNanos, Creates creates, double rss) {
    long[] all = new long[streams.size() * objects];
    int count = 0;
    long duplicates = 0;
    long unexpected = 0;
    int endedEarly = 0;
    for (WatchStream stream : streams) {
      count += stream.copyLatencies(all, count);
      duplicates += stream.duplicates();
      unexpected += stream.unexpected();
      endedEarly += stream.ended() != null && stream.received() < objects ? 1 : 0;
    }
    long missed = (long) streams.size() * objects - count;
    if (missed > 0) {
      describeMisses(streams);
    }
    describeTail(streams, objects);
    String problem = creates.firstFailure() != null ? "create: " + creates.firstFailure() : firstEnd(streams);
    if (problem == null) {
      problem = streams.stream().map(WatchStream::firstUnexpected).filter(s -> s != null).findFirst().orElse(null);
    }
    return new Result(streams.size(), objects, rate, establishNanos, sentinelNanos, Percentiles.of(all, count),
        creates.latency(), missed, duplicates, unexpected, endedEarly, problem, rss);
  }

  /**
   * Where the slow deliveries are: per tenth of the run (a stall of the whole server shows as one slow
   * window) and per connection (a stalled connection shows as one slow line).
   */
  private void describeTail(List<WatchStream> streams, int objects) {
    int windows = Math.min(10, objects);
    StringBuilder byTime = new StringBuilder("watch: p99 per tenth of the objects (ms):");
    for (int w = 0; w < windows; w++) {
      int from = w * objects / windows;
      int to = (w + 1) * objects / windows;
      byTime.append(String.format(" %.0f", p99(streams, from, to, -1)));
    }
    System.out.println(byTime);
    StringBuilder byConnection = new StringBuilder("watch: p99 per connection (ms):");
    for (int c = 0; c < watchConnections.connections(); c++) {
      byConnection.append(String.format(" %.0f", p99(streams, 0, objects, c)));
    }
    System.out.println(byConnection);
  }

  private double p99(List<WatchStream> streams, int fromObject, int toObject, int connection) {
    long[] samples = new long[streams.size() * (toObject - fromObject)];
    int count = 0;
    for (int i = 0; i < streams.size(); i++) {
      if (connection >= 0 && i % watchConnections.connections() != connection) {
        continue;
      }
      for (int o = fromObject; o < toObject; o++) {
        long latency = streams.get(i).latency(o);
        if (latency >= 0) {
          samples[count++] = latency;
        }
      }
    }
    return count == 0 ? Double.NaN : Percentiles.of(samples, count).p99() / 1e6;
  }

  /** Which watchers missed which objects: printed because missed events are a server bug to chase. */
  private void describeMisses(List<WatchStream> streams) {
    int shown = 0;
    int affected = 0;
    for (int i = 0; i < streams.size(); i++) {
      List<Integer> gaps = streams.get(i).missing();
      if (gaps.isEmpty()) {
        continue;
      }
      affected++;
      if (shown++ < 5) {
        System.out.printf("watch: watcher %d (connection %d) missed %d objects, first %s, last %d%n", i,
            i % watchConnections.connections(), gaps.size(), gaps.subList(0, Math.min(10, gaps.size())), gaps.get(gaps.size() - 1));
      }
    }
    System.out.printf("watch: %d of %d watchers missed objects%n", affected, streams.size());
  }

  private void createOrFail(String path, String body) throws IOException {
    KubeApi.Reply response = writer.postAsync(0, path, body).join();
    if (response.statusCode() != 201) {
      throw new IOException("POST " + path + " -> " + response.statusCode());
    }
  }

  private static boolean await(BooleanSupplier condition, long fromNanos) throws InterruptedException {
    while (System.nanoTime() - fromNanos < SETTLE_TIMEOUT_NANOS) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }

  private static String firstEnd(List<WatchStream> streams) {
    return streams.stream().map(WatchStream::ended).filter(s -> s != null).findFirst().orElse(null);
  }

  private static void cancel(List<WatchStream> streams) {
    streams.forEach(WatchStream::closing);
    streams.forEach(WatchStream::cancel);
  }
}
