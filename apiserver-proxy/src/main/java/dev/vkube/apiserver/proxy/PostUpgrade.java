package dev.vkube.apiserver.proxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;

/**
 * Takes over the connection of an upgrade request Vert.x will not hand over itself. Vert.x 5's
 * HttpServerRequest.toNetSocket() switches only CONNECT and GET upgrades (HttpUtils.isConnectOrUpgrade),
 * but SPDY/3.1 upgrades (client-go's SpdyRoundTripper: kubectl before 1.30, and 1.30+ when the
 * WebSocket upgrade is refused) are POSTs. The HTTP/1.x connection itself can still become a raw
 * socket (Http1xServerConnection.netSocket(), which removes the HTTP codec as toNetSocket does);
 * then the 101 head is written as bytes, which is what kube-apiserver's UpgradeAwareHandler does
 * too (it writes the backend's raw response to the hijacked connection).
 */
final class PostUpgrade {
  private PostUpgrade() {}

  /** Whether this request is an upgrade this class can take over (HTTP/1.1, a Connection: Upgrade). */
  static boolean applies(HttpServerRequest request) {
    return request.method() != HttpMethod.GET && request.method() != HttpMethod.CONNECT
        && request.connection() instanceof Http1xServerConnection
        && request.headers().getAll("Connection").stream().anyMatch(v -> v.toLowerCase(java.util.Locale.ROOT).contains("upgrade"));
  }

  /** The raw client connection, once the 101 (with the target's headers) is written on it. */
  static Future<NetSocket> switchProtocols(HttpServerRequest request, MultiMap headers) {
    HttpConnection connection = request.connection();
    if (!(connection instanceof Http1xServerConnection http1)) {
      return Future.failedFuture("not an HTTP/1.x connection");
    }
    return http1.netSocket().compose(socket -> socket.write(head(headers)).map(socket));
  }

  static Buffer head(MultiMap headers) {
    StringBuilder head = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    return Buffer.buffer(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
  }
}
