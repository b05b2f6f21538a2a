package dev.vkube.bench.api;

import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.net.URI;

/**
 * HTTP/2 client options shaped like client-go's transport, for the benchmark's Vert.x clients: TLS
 * with the admin certificate, up to 1,000 streams per connection, and client-go's receive windows
 * (golang.org/x/net/http2 transport.go: transportDefaultConnFlow = 1 << 30, transportDefaultStreamFlow
 * = 4 << 20). With HTTP/2's default 64 KiB connection window the server ran out of window every ~60
 * watch deliveries, and every WINDOW_UPDATE woke all 250 streams of the connection (41% of the
 * server's event-loop time in a profile): the client, not the server, was measured.
 */
final class GoHttp2Options {
  private static final int CONNECTION_WINDOW = 1 << 30;
  private static final int STREAM_WINDOW = 4 << 20;

  private GoHttp2Options() {}

  static HttpClientOptions of(URI server, TlsContexts.Managers tls) {
    HttpClientOptions options = new HttpClientOptions().setSsl(true).setUseAlpn(true)
        .setProtocolVersion(HttpVersion.HTTP_2).setSslEngineOptions(new JdkSSLEngineOptions())
        .setKeyCertOptions(KeyCertOptions.wrap(tls.key())).setTrustOptions(TrustOptions.wrap(tls.trust()))
        .setHttp2MultiplexingLimit(1000).setDefaultHost(server.getHost()).setDefaultPort(server.getPort())
        .setHttp2ConnectionWindowSize(CONNECTION_WINDOW);
    options.getInitialSettings().setInitialWindowSize(STREAM_WINDOW);
    return options;
  }
}
