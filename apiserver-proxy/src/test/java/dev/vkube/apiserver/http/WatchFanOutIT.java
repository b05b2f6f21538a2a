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
    Watched watched = configMapsOfNewNamespace();
    String path = watched.path();
    HttpClient http = api.http();
    List<Lines> watchers = new ArrayList<>();
    for (int i = 0; i < WATCHERS; i++) {
      Lines lines = new Lines();
      watchers.add(lines);
      http.sendAsync(HttpRequest.newBuilder(URI.create(api.server() + watched.watch())).GET().build(),
          info -> HttpResponse.BodySubscribers.fromLineSubscriber(lines));
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
        + ": " + incomplete.stream().findFirst()
            .map(i -> watchers.get(i).names.stream().collect(Collectors.joining(","))).orElse(""));
    watchers.forEach(Lines::cancel);
  }

  /**
   * client-go's HTTP/2 transport opens a 1 GiB connection window (golang.org/x/net/http2 transport.go
   * transportDefaultConnFlow), so flow control does not hold the server back and a reader that pauses
   * fills the server's socket: the connection turns unwritable and writable again while the fan-out
   * writes. Vert.x 5.0.7 toggles each stream's writability on every change Netty reports, and a change
   * reported inside the write it caused (re-entrantly) left streams believing they were unwritable for
   * good: 761 of 1,000 watches of the fan-out benchmark stopped after 25 events. Here the client's event
   * loop sleeps while large events pile up, then every stream must still get every event.
   */
  @Test
  void streamsResumeAfterTheConnectionWasBackedUpByASlowReader() throws Exception {
    int streams = 200;
    int events = 30;
    ApiClient api = cluster.api();
    Watched watched = configMapsOfNewNamespace();
    String path = watched.path();
    try (GoLikeClient go = GoLikeClient.open()) {
      io.vertx.core.http.HttpClient client = go.http();
      List<Lines> watchers = new ArrayList<>();
      java.util.concurrent.atomic.AtomicBoolean slept = new java.util.concurrent.atomic.AtomicBoolean();
      List<io.vertx.core.Future<?>> opened = new ArrayList<>();
      for (int i = 0; i < streams; i++) {
        Lines lines = new Lines();
        watchers.add(lines);
        opened.add(client.request(io.vertx.core.http.HttpMethod.GET, watched.watch())
            .compose(io.vertx.core.http.HttpClientRequest::send).onSuccess(response ->
                response.handler(io.vertx.core.parsetools.RecordParser.newDelimited("\n", line -> {
                  if (slept.compareAndSet(false, true)) {
                    sleepQuietly(3_000); // the reader stalls: nothing is read from the socket meanwhile
                  }
                  lines.onNext(line.toString());
                }))));
      }
      io.vertx.core.Future.all(opened).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      String data = "x".repeat(8 * 1024); // 200 streams x 30 events x 8 KiB: ~50 MB, far past socket buffers
      for (int i = 0; i < events; i++) {
        ApiClient.Reply created = api.send("POST", path, "application/json",
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"slow-" + i
                + "\"},\"data\":{\"k\":\"" + data + "\"}}");
        assertEquals(201, created.code(), created.body());
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline && watchers.stream().anyMatch(w -> w.names.size() < events)) {
        Thread.sleep(50);
      }
      assertTrue(slept.get(), "the reader never stalled");
      long complete = watchers.stream().filter(w -> w.names.size() == events).count();
      assertEquals(streams, complete, (streams - complete) + " of " + streams + " streams did not get all "
          + events + " events, e.g. " + watchers.stream().filter(w -> w.names.size() < events).findFirst()
          .map(w -> w.names.size() + " events").orElse(""));
    }
  }

  /**
   * A client that stops reading holds the server's frames for it; past {@link WatchStreamer#MAX_PENDING_BYTES}
   * the server ends that watch (the client re-lists, as after kube-apiserver closes an unresponsive
   * watcher) rather than keep its backlog: ~43 MB of 900 KiB objects here, beyond the socket buffers.
   */
  @Test
  void aWatcherThatStopsReadingIsEndedOnceItsBacklogPassesTheBound() throws Exception {
    int events = 48;
    ApiClient api = cluster.api();
    Watched watched = configMapsOfNewNamespace();
    String path = watched.path();
    try (GoLikeClient go = GoLikeClient.open()) {
      io.vertx.core.http.HttpClient client = go.http();
      Lines lines = new Lines();
      java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.CountDownLatch writesDone = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.atomic.AtomicBoolean stalled = new java.util.concurrent.atomic.AtomicBoolean();
      client.request(io.vertx.core.http.HttpMethod.GET, watched.watch())
          .compose(io.vertx.core.http.HttpClientRequest::send).onSuccess(response -> {
            response.handler(io.vertx.core.parsetools.RecordParser.newDelimited("\n", line -> {
              if (stalled.compareAndSet(false, true)) {
                awaitQuietly(writesDone); // nothing is read from the socket until every event was written
              }
              lines.onNext(line.toString());
            }));
            response.endHandler(v -> ended.countDown());
            response.exceptionHandler(e -> ended.countDown());
          }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      String data = "x".repeat(900 * 1024);
      for (int i = 0; i < events; i++) {
        ApiClient.Reply created = api.send("POST", path, "application/json",
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big-" + i
                + "\"},\"data\":{\"k\":\"" + data + "\"}}");
        assertEquals(201, created.code(), created.body());
      }
      Thread.sleep(2_000); // the server's fan-out catches up with the last writes
      writesDone.countDown();
      assertTrue(ended.await(60, TimeUnit.SECONDS), "the stalled watch was never ended; it got "
          + lines.names.size() + " events");
      assertTrue(stalled.get(), "the reader never stalled");
      assertTrue(lines.names.size() < events, "all " + events + " events arrived: the bound was not reached");
    }
  }

  /** A collection path and the watch of it from its current resourceVersion. */
  private record Watched(String path, String watch) {}

  /** The config maps of a namespace of its own, so no other test's objects reach the watches. */
  private static Watched configMapsOfNewNamespace() throws Exception {
    String path = "/api/v1/namespaces/" + cluster.namespace() + "/configmaps";
    String resourceVersion = cluster.api().get(path).json().path("metadata").path("resourceVersion").asText();
    return new Watched(path, path + "?watch=true&resourceVersion=" + resourceVersion);
  }

  /**
   * A Vert.x HTTP/2 client with client-go's windows and the admin's certificate, on a Vert.x of one
   * event loop, so a handler that sleeps stalls all reading.
   */
  private record GoLikeClient(io.vertx.core.Vertx vertx, io.vertx.core.http.HttpClient http) implements AutoCloseable {
    static GoLikeClient open() throws Exception {
      io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(1));
      return new GoLikeClient(vertx, goLikeClient(vertx));
    }

    @Override
    public void close() throws Exception {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static io.vertx.core.http.HttpClient goLikeClient(io.vertx.core.Vertx vertx) throws Exception {
    ApiClient.Tls tls = ApiClient.tls(cluster.kubeconfig());
    URI server = URI.create(cluster.api().server());
    io.vertx.core.http.HttpClientOptions options = new io.vertx.core.http.HttpClientOptions().setSsl(true)
        .setUseAlpn(true).setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_2)
        .setKeyCertOptions(io.vertx.core.net.KeyCertOptions.wrap(
            (javax.net.ssl.X509KeyManager) tls.keys().getKeyManagers()[0]))
        .setTrustOptions(io.vertx.core.net.TrustOptions.wrap(tls.trust().getTrustManagers()[0]))
        .setHttp2MultiplexingLimit(1000).setDefaultHost(server.getHost()).setDefaultPort(server.getPort())
        .setHttp2ConnectionWindowSize(1 << 30);
    options.getInitialSettings().setInitialWindowSize(4 << 20);
    return vertx.createHttpClient(options, new io.vertx.core.http.PoolOptions().setHttp2MaxSize(1));
  }

  private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
