package dev.vkube.apiserver.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Relays a log stream chunk by chunk (never buffered whole): `kubectl logs -f` sees each line as the
 * kubelet writes it, and back-pressure from a slow client pauses the upstream read. A client that
 * goes away closes the upstream connection, which ends the kubelet's follow.
 */
final class LogRelay {
  private final UpstreamClients clients;

  LogRelay(UpstreamClients clients) {
    this.clients = clients;
  }

  /** A pod not yet scheduled has no logs: 200 with an empty body (genericrest.LocationStreamer). */
  static void empty(HttpServerResponse response) {
    response.setStatusCode(200).putHeader("Content-Type", "text/plain").end();
  }

  void relay(HttpServerRequest request, Upstream upstream, CompletableFuture<Void> done) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(upstream.host())
        .setPort(upstream.port()).setURI(upstream.pathAndQuery()).setHeaders(MultiMap.caseInsensitiveMultiMap());
    UpstreamHeaders.credentials(upstream.tls(), options.getHeaders());
    HttpServerResponse response = request.response();
    clients.client(upstream.tls()).request(options)
        .compose(r -> r.send())
        .onSuccess(upstreamResponse -> {
          done.complete(null);
          stream(upstreamResponse, response, request.version() != io.vertx.core.http.HttpVersion.HTTP_2);
        })
        .onFailure(e -> done.completeExceptionally(UpstreamHeaders.unreachable(upstream, e)));
  }

  private static void stream(HttpClientResponse upstream, HttpServerResponse response, boolean chunked) {
    response.setStatusCode(upstream.statusCode());
    String type = upstream.getHeader("Content-Type");
    response.putHeader("Content-Type", type == null ? "text/plain" : type);
    if (chunked) {
      response.setChunked(true);
    }
    // The upstream connection is closed only while the stream still runs (a client that left a
    // follow): once the relay has finished, the connection may already serve another request.
    AtomicBoolean finished = new AtomicBoolean();
    response.closeHandler(v -> {
      if (!finished.get()) {
        upstream.request().connection().close();
      }
    });
    upstream.pipeTo(response).onComplete(result -> {
      finished.set(true);
      if (result.failed()) {
        upstream.request().connection().close();
      }
    });
  }
}
