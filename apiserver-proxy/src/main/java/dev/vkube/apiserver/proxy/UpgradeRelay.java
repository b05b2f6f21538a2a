package dev.vkube.apiserver.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.CompletableFuture;

/**
 * kube-apiserver's upgrade-aware proxy (apimachinery/pkg/util/proxy/upgradeaware.go): the client's
 * HTTP/1.1 upgrade request goes to the target with its Upgrade, Connection and Sec-WebSocket-* (or
 * X-Stream-Protocol-Version) headers; once the target answers 101 Switching Protocols, the client gets
 * that 101 with the target's headers and the two connections are spliced byte for byte both ways, so
 * the WebSocket protocols (channel.k8s.io v4/v5, portforward.k8s.io) pass through without being
 * parsed (SPDY tunnelled in WebSocket is unwrapped instead, {@link SpdyTunnel}); so do SPDY/3.1
 * upgrades, which are POSTs ({@link PostUpgrade} takes those connections over). Either side closing closes the other. Any other answer is relayed
 * as the target's status and body (a Status naming the real cause: pod not found, container not
 * running), as UpgradeAwareHandler does when the backend does not switch.
 */
final class UpgradeRelay {
  private final UpstreamClients clients;

  UpgradeRelay(UpstreamClients clients) {
    this.clients = clients;
  }

  void relay(HttpServerRequest request, Upstream upstream, CompletableFuture<Void> done) {
    if (PostUpgrade.applies(request)) {
      relayPost(request, upstream, done);
      return;
    }
    RequestOptions options = new RequestOptions().setMethod(request.method()).setHost(upstream.host())
        .setPort(upstream.port()).setURI(upstream.pathAndQuery()).setHeaders(MultiMap.caseInsensitiveMultiMap());
    UpstreamHeaders.copyRequest(request.headers(), options.getHeaders());
    UpstreamHeaders.credentials(upstream.tls(), options.getHeaders());
    request.pause();
    clients.client(upstream.tls()).request(options)
        .compose(r -> r.connect())
        .onSuccess(response -> {
          done.complete(null);
          if (response.statusCode() == 101) {
            NetSocket target = response.netSocket();
            target.pause();
            switchProtocols(request, response, target);
          } else {
            relayRefusal(request.response(), response);
          }
        })
        .onFailure(e -> done.completeExceptionally(UpstreamHeaders.unreachable(upstream, e)));
  }

  private static void switchProtocols(HttpServerRequest request, HttpClientResponse answer, NetSocket target) {
    HttpServerResponse response = request.response();
    answer.headers().forEach((name, value) -> response.headers().add(name, value));
    request.toNetSocket().onSuccess(client -> splice(client, target)).onFailure(e -> {
      target.close();
      request.connection().close();
    });
  }

  /** A SPDY/3.1 upgrade (POST): the same, with both connections switched at the byte level. */
  private void relayPost(HttpServerRequest request, Upstream upstream, CompletableFuture<Void> done) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    UpstreamHeaders.copyRequest(request.headers(), headers);
    UpstreamHeaders.credentials(upstream.tls(), headers);
    request.pause();
    RawUpgrade.send(clients, upstream, request.method().name(), headers)
        .onSuccess(answer -> {
          done.complete(null);
          NetSocket target = answer.socket();
          if (answer.status() == 101) {
            PostUpgrade.switchProtocols(request, answer.headers()).onSuccess(client -> {
              if (answer.rest().length() > 0) {
                client.write(answer.rest());
              }
              splice(client, target);
            }).onFailure(e -> {
              target.close();
              request.connection().close();
            });
          } else {
            relayRefusal(request.response(), answer);
          }
        })
        .onFailure(e -> done.completeExceptionally(UpstreamHeaders.unreachable(upstream, e)));
  }

  private static void splice(NetSocket client, NetSocket target) {
    client.closeHandler(v -> target.close());
    target.closeHandler(v -> client.close());
    client.exceptionHandler(e -> target.close());
    target.exceptionHandler(e -> client.close());
    client.pipeTo(target);
    target.pipeTo(client);
  }

  /** The target refused an upgrade it was sent at the byte level ({@link RawUpgrade}): its answer, as is. */
  static void relayRefusal(HttpServerResponse response, RawUpgrade.Answer answer) {
    RawUpgrade.body(answer).onComplete(body -> {
      answer.socket().close();
      response.setStatusCode(answer.status());
      String type = answer.headers().get("Content-Type");
      if (type != null) {
        response.putHeader("Content-Type", type);
      }
      response.end(body.succeeded() ? body.result() : io.vertx.core.buffer.Buffer.buffer());
    });
  }

  /** The target refused the upgrade (an unknown container, a 403 from the host): its answer, as is. */
  private static void relayRefusal(HttpServerResponse response, HttpClientResponse answer) {
    answer.body().onComplete(body -> {
      response.setStatusCode(answer.statusCode());
      String type = answer.getHeader("Content-Type");
      if (type != null) {
        response.putHeader("Content-Type", type);
      }
      response.end(body.succeeded() ? body.result() : io.vertx.core.buffer.Buffer.buffer());
    });
  }
}
