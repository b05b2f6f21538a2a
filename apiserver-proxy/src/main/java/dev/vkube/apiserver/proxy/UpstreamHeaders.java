package dev.vkube.apiserver.proxy;

import dev.vkube.apiserver.api.ApiException;
import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;

/** Which headers cross the proxy, and the credentials it adds for the target. */
final class UpstreamHeaders {
  /**
   * The client's credentials and identity claims are for us, never for the target; hop-by-hop
   * framing is the client library's. Upgrade, Connection and Sec-WebSocket-* / X-Stream-Protocol-*
   * pass, so the target negotiates the protocol with the client directly. Content-Length passes too:
   * a SPDY upgrade is a POST with "Content-Length: 0", without which it would go out chunked, a body
   * that never ends before the switch.
   */
  private static final Set<String> DROPPED = Set.of("host", "authorization", "cookie", "transfer-encoding",
      "proxy-authorization", "keep-alive", "te", "trailer");

  private UpstreamHeaders() {}

  static void copyRequest(MultiMap from, MultiMap to) {
    from.forEach((name, value) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!DROPPED.contains(lower) && !lower.startsWith("impersonate-")) {
        to.add(name, value);
      }
    });
  }

  static void credentials(UpstreamTls tls, MultiMap headers) {
    String token = tls.currentBearerToken();
    if (token != null) {
      headers.set("Authorization", "Bearer " + token);
    }
  }

  /** The target could not be reached: 500 with the dial error, as kube-apiserver's proxy reports. */
  static ApiException unreachable(Upstream upstream, Throwable e) {
    return ApiException.internal("error dialing backend: dial tcp " + upstream.host() + ":" + upstream.port()
        + ": " + e.getMessage());
  }
}
