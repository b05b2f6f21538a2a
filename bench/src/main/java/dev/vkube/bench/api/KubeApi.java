package dev.vkube.bench.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The API server as seen through N HTTP/2 connections (one Vert.x client with a pool of one each)
 * over which requests are multiplexed ({@link GoHttp2Options}). Netty's HTTP/2 client
 * costs a fraction of the JDK HttpClient's CPU per request (measured 2026-11-26 with 64 creates in
 * flight: the JDK client took 0.9-1.5 ms of CPU per create on the same two cores the server and etcd
 * use), so the create figure measures the server rather than the load generator. {@link #open} makes
 * one request per connection first so that each exists before the load starts.
 */
final class KubeApi implements AutoCloseable {
  static final String JSON = "application/json";
  private static final long REQUEST_TIMEOUT_MILLIS = 60_000;
  private final Vertx vertx;
  private final List<HttpClient> clients;

  /** Status and body of one answered request. */
  record Reply(int statusCode, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private KubeApi(Vertx vertx, List<HttpClient> clients) {
    this.vertx = vertx;
    this.clients = clients;
  }

  static KubeApi open(String server, TlsContexts.Managers tls, int connections) throws IOException {
    URI base = URI.create(server);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.min(connections, 2)));
    List<HttpClient> clients = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      clients.add(vertx.createHttpClient(GoHttp2Options.of(base, tls), new PoolOptions().setHttp2MaxSize(1)));
    }
    KubeApi api = new KubeApi(vertx, clients);
    for (int i = 0; i < connections; i++) {
      Reply version = await(api.send(i, HttpMethod.GET, "/version", null));
      if (version.statusCode() != 200) {
        throw new IOException("GET /version -> " + version.statusCode());
      }
    }
    return api;
  }

  int connections() {
    return clients.size();
  }

  CompletableFuture<Reply> postAsync(int connection, String path, String json) {
    return send(connection, HttpMethod.POST, path, Buffer.buffer(json));
  }

  Reply get(String path) throws IOException {
    return await(send(0, HttpMethod.GET, path, null));
  }

  /** Creates a namespace; one that already exists (409) is fine, so reruns on one etcd work. */
  void createNamespace(String name) throws IOException {
    String body = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}";
    Reply response = await(postAsync(0, "/api/v1/namespaces", body));
    if (response.statusCode() != 201 && response.statusCode() != 409) {
      throw new IOException("POST /api/v1/namespaces " + name + " -> " + response.statusCode() + " "
          + response.text());
    }
  }

  private CompletableFuture<Reply> send(int connection, HttpMethod method, String path, Buffer body) {
    HttpClient client = clients.get(Math.floorMod(connection, clients.size()));
    RequestOptions request = new RequestOptions().setMethod(method).setURI(path).putHeader("Accept", JSON)
        .setIdleTimeout(REQUEST_TIMEOUT_MILLIS);
    if (body != null) {
      request.putHeader("Content-Type", JSON);
    }
    Future<Reply> reply = client.request(request)
        .compose(sent -> body == null ? sent.send() : sent.send(body))
        .compose(response -> response.body().map(bytes -> new Reply(response.statusCode(), bytes.getBytes())));
    return reply.toCompletionStage().toCompletableFuture();
  }

  private static Reply await(CompletableFuture<Reply> reply) throws IOException {
    try {
      return reply.get(REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(e.getCause() != null ? e.getCause() : e);
    }
  }

  @Override
  public void close() {
    vertx.close();
  }
}
