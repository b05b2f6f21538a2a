package dev.vkube.apiserver.proxy;

import dev.vkube.apiserver.api.ApiException;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * kube-apiserver's TunnelingHandler for pods/portforward (apiserver/pkg/util/proxy/streamtunnel.go,
 * feature PortForwardWebsockets, on by default since 1.31): kubectl 1.31+ asks for a WebSocket with
 * subprotocol {@code SPDY/3.1+portforward.k8s.io} and runs an ordinary SPDY/3.1 session inside its
 * binary messages (client-go tools/portforward/tunneling_dialer.go). The target (a kubelet, or the
 * host cluster's API, which may be a real kube-apiserver) is asked for a plain SPDY/3.1 upgrade, a
 * POST with the protocols stripped of their prefix; only once it switched is the client's WebSocket
 * accepted, with the protocol the target chose, and the two are spliced ({@link TunnelSplice}). A
 * refusal reaches the client as the target's status and body (the Status naming the cause), which
 * client-go reports and which makes kubectl retry over SPDY, where the target refuses it the same way.
 */
final class SpdyTunnel {
  /** k8s.io/apimachinery/pkg/util/portforward: WebsocketsSPDYTunnelingPrefix and KubernetesSuffix. */
  static final String PREFIX = "SPDY/3.1+";
  private static final String SUFFIX = ".k8s.io";
  private final UpstreamClients clients;

  SpdyTunnel(UpstreamClients clients) {
    this.clients = clients;
  }

  /** Upstream tunnels port-forward only (pkg/registry/core/pod/rest/subresources.go PortForwardREST). */
  static boolean applies(PodStream stream, HttpServerRequest request) {
    return stream == PodStream.PORTFORWARD && request.method() == HttpMethod.GET
        && request.version() != HttpVersion.HTTP_2 && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))
        && !spdyProtocols(request.headers()).isEmpty();
  }

  /** The tunnelled SPDY protocols the client offers, without the prefix (spdyProtocolsFromWebsocketProtocols). */
  static List<String> spdyProtocols(MultiMap headers) {
    return WebSocketHandshake.protocols(headers).stream()
        .filter(p -> p.startsWith(PREFIX) && p.endsWith(SUFFIX))
        .map(p -> p.substring(PREFIX.length())).toList();
  }

  /**
   * The client's request as a SPDY/3.1 upgrade (createSPDYRequest): the WebSocket headers dropped,
   * Upgrade: SPDY/3.1 and one X-Stream-Protocol-Version per protocol; credentials are the proxy's.
   */
  static MultiMap spdyRequest(MultiMap client, List<String> protocols) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    UpstreamHeaders.copyRequest(client, headers);
    headers.names().stream().filter(n -> n.toLowerCase(Locale.ROOT).startsWith("sec-websocket-")).toList()
        .forEach(headers::remove);
    headers.remove("X-Stream-Protocol-Version");
    headers.set("Connection", "Upgrade").set("Upgrade", "SPDY/3.1");
    protocols.forEach(p -> headers.add("X-Stream-Protocol-Version", p));
    return headers;
  }

  void relay(HttpServerRequest request, Upstream upstream, CompletableFuture<Void> done) {
    String key = WebSocketHandshake.key(request.headers());
    MultiMap headers = spdyRequest(request.headers(), spdyProtocols(request.headers()));
    UpstreamHeaders.credentials(upstream.tls(), headers);
    request.pause();
    RawUpgrade.send(clients, upstream, HttpMethod.POST.name(), headers)
        .onSuccess(answer -> {
          if (answer.status() != 101) {
            done.complete(null);
            UpgradeRelay.relayRefusal(request.response(), answer);
          } else if (!switchedToSpdy(answer.headers())) {
            answer.socket().close();
            done.completeExceptionally(ApiException.internal("unable to upgrade: missing upgrade headers in response"));
          } else {
            done.complete(null);
            accept(request, key, answer);
          }
        })
        .onFailure(e -> done.completeExceptionally(UpstreamHeaders.unreachable(upstream, e)));
  }

  /** The client's 101 names the target's protocol with the prefix (InitializeWrite), then the splice. */
  private static void accept(HttpServerRequest request, String key, RawUpgrade.Answer answer) {
    String chosen = answer.headers().get("X-Stream-Protocol-Version");
    HttpServerResponse response = request.response();
    WebSocketHandshake.answer(key, chosen == null || chosen.isBlank() ? null : PREFIX + chosen.trim())
        .forEach((name, value) -> response.headers().add(name, value));
    request.toNetSocket()
        .onSuccess(client -> TunnelSplice.start(client, answer.socket(), answer.rest()))
        .onFailure(e -> {
          answer.socket().close();
          request.connection().close();
        });
  }

  private static boolean switchedToSpdy(MultiMap headers) {
    return String.valueOf(headers.get("Connection")).toLowerCase(Locale.ROOT).contains("upgrade")
        && String.valueOf(headers.get("Upgrade")).toLowerCase(Locale.ROOT).contains("spdy/3.1");
  }
}
