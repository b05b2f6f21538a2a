package dev.vkube.bench.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The watchers' side of the fan-out benchmark: N HTTP/2 connections (one Vert.x client each, pool of
 * one connection) over which the watches are multiplexed as streams, the way client-go's informers
 * share a connection. Netty's HTTP/2 client costs a few microseconds per received frame where the
 * JDK's HttpClient cost ~20 (measured: 0.021 ms of bench CPU per delivery), so on a shared 2-core
 * machine the figure measures the server's fan-out rather than the load generator.
 */
final class WatchConnections implements AutoCloseable {
  private static final byte[] NEWLINE = {'\n'};
  private final Vertx vertx;
  private final URI base;
  private final List<io.vertx.core.http.HttpClient> clients = new ArrayList<>();

  WatchConnections(String server, TlsContexts.Managers tls, int connections) {
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.min(connections, 2)));
    this.base = URI.create(server);
    for (int i = 0; i < connections; i++) {
      clients.add(vertx.createHttpClient(GoHttp2Options.of(base, tls), new PoolOptions().setHttp2MaxSize(1)));
    }
  }

  int connections() {
    return clients.size();
  }

  /**
   * Opens one watch on connection {@code index % N} and feeds its lines to {@code stream}; completes
   * with the response status once headers arrive.
   */
  Future<Integer> open(int index, String path, WatchStream stream) {
    io.vertx.core.http.HttpClient client = clients.get(Math.floorMod(index, clients.size()));
    return client.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(path)
        .putHeader("Accept", KubeApi.JSON)).compose(request -> {
          stream.onCancel(() -> request.reset());
          return request.send();
        }).map(response -> {
          RecordParser lines = RecordParser.newDelimited(io.vertx.core.buffer.Buffer.buffer(NEWLINE),
              line -> stream.line(line.toString()));
          response.handler(lines);
          response.exceptionHandler(stream::failed);
          response.endHandler(v -> stream.completed());
          return response.statusCode();
        });
  }

  /** Connections are opened by the first request on each client; this makes them exist before the load. */
  void warmUp() throws Exception {
    for (io.vertx.core.http.HttpClient client : clients) {
      int status = client.request(HttpMethod.GET, "/version").compose(HttpClientRequest::send)
          .compose(r -> r.body().map(b -> r.statusCode()))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      if (status != 200) {
        throw new java.io.IOException("GET /version -> " + status);
      }
    }
  }

  @Override
  public void close() {
    vertx.close();
  }
}
