package dev.vkube.apiserver.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Serves pods/log, exec, attach and portforward: reads the pod, validates the request as
 * kube-apiserver does, asks the {@link StreamTarget} where the stream is, then relays it: logs as a
 * streamed GET ({@link LogRelay}), the others as an upgrade spliced byte for byte
 * ({@link UpgradeRelay}), except kubectl 1.31+'s port-forward, a SPDY session tunnelled in WebSocket
 * messages, which is unwrapped toward a target that speaks SPDY ({@link SpdyTunnel}). Failures before the first byte is written complete the returned stage
 * exceptionally (an ApiException for the caller's responder); later ones close the connection.
 */
public final class PodStreamProxy implements AutoCloseable {
  private final PodStreams streams;
  private final UpstreamClients clients;

  public PodStreamProxy(Vertx vertx, PodStreams streams) {
    this.streams = streams;
    this.clients = new UpstreamClients(vertx);
  }

  public CompletionStage<Void> serve(HttpServerRequest request, PodStream stream, String namespace, String name,
      Context context) {
    StreamQuery query = StreamQuery.of(request.params());
    if (stream == PodStream.LOG) {
      PodStreamValidation.logOptions(name, query);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    streams.pods().apply(namespace, name)
        .thenCompose(pod -> locate(stream, pod, query))
        .whenComplete((upstream, failure) -> context.runOnContext(v -> {
          try {
            if (failure != null) {
              done.completeExceptionally(failure);
            } else {
              relay(request, stream, upstream, done);
            }
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        }));
    return done;
  }

  private void relay(HttpServerRequest request, PodStream stream, Optional<Upstream> upstream,
      CompletableFuture<Void> done) {
    if (upstream.isEmpty()) {
      LogRelay.empty(request.response());
      done.complete(null);
    } else if (SpdyTunnel.applies(stream, request)) {
      new SpdyTunnel(clients).relay(request, upstream.get(), done);
    } else if (stream.upgrades()) {
      requireUpgrade(stream, request);
      new UpgradeRelay(clients).relay(request, upstream.get(), done);
    } else {
      new LogRelay(clients).relay(request, upstream.get(), done);
    }
  }

  /** Empty when the pod is not scheduled and the request is for its logs (there are none yet). */
  private CompletionStage<Optional<Upstream>> locate(PodStream stream, ObjectNode pod, StreamQuery query) {
    String container = stream.perContainer()
        ? PodStreamValidation.container(stream, pod, query.first("container").orElse(null)) : null;
    if (PodStreamValidation.node(stream, pod).isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return streams.target().locate(stream, pod, container, query).thenApply(Optional::of);
  }

  /**
   * kube-apiserver's upgrade-aware handler refuses a plain request where an upgrade is required.
   * WebSocket upgrades are GETs, SPDY/3.1 upgrades POSTs; both are spliced ({@link UpgradeRelay}).
   */
  private static void requireUpgrade(PodStream stream, HttpServerRequest request) {
    if (stream.upgrades() && (request.getHeader("Upgrade") == null
        || request.method() != io.vertx.core.http.HttpMethod.GET && !PostUpgrade.applies(request))) {
      throw ApiException.badRequest("Upgrade request required");
    }
  }

  @Override
  public void close() {
    clients.close();
  }
}
