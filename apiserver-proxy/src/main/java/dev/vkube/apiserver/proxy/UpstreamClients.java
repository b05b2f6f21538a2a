package dev.vkube.apiserver.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One HTTP/1.1 client per distinct TLS identity (kubelets share one, the host API has its own).
 * HTTP/1.1 because upgrades (WebSocket, SPDY) exist only there, as in kube-apiserver's proxy. Keep-alive
 * stays on: without it the client would replace the upgrade's "Connection: Upgrade" with "close".
 */
final class UpstreamClients implements AutoCloseable {
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  private final Vertx vertx;
  private final Map<UpstreamTls, HttpClient> clients = new ConcurrentHashMap<>();
  private final Map<UpstreamTls, NetClient> netClients = new ConcurrentHashMap<>();

  UpstreamClients(Vertx vertx) {
    this.vertx = vertx;
  }

  HttpClient client(UpstreamTls tls) {
    return clients.computeIfAbsent(tls, this::create);
  }

  /**
   * A TCP+TLS client with the same identity and trust, for upgrades Vert.x's HTTP client cannot
   * switch (a 101 to a POST: it would go on parsing the SPDY bytes as HTTP), see {@link RawUpgrade}.
   */
  NetClient netClient(UpstreamTls tls) {
    return netClients.computeIfAbsent(tls, this::createNet);
  }

  private NetClient createNet(UpstreamTls tls) {
    NetClientOptions options = new NetClientOptions().setSsl(true).setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
    if (tls.insecureSkipVerify()) {
      options.setTrustAll(true).setHostnameVerificationAlgorithm("");
    } else {
      options.setHostnameVerificationAlgorithm("HTTPS");
      if (tls.caPem() != null) {
        options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(tls.caPem())));
      }
    }
    if (tls.hasClientCertificate()) {
      options.setKeyCertOptions(new PemKeyCertOptions().addCertValue(Buffer.buffer(tls.clientCertPem()))
          .addKeyValue(Buffer.buffer(tls.clientKeyPem())));
    }
    return vertx.createNetClient(options);
  }

  private HttpClient create(UpstreamTls tls) {
    HttpClientOptions options = new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_1_1)
        .setSsl(true)
        .setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
    if (tls.insecureSkipVerify()) {
      options.setTrustAll(true).setVerifyHost(false);
    } else if (tls.caPem() != null) {
      options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(tls.caPem())));
    }
    if (tls.hasClientCertificate()) {
      options.setKeyCertOptions(new PemKeyCertOptions().addCertValue(Buffer.buffer(tls.clientCertPem()))
          .addKeyValue(Buffer.buffer(tls.clientKeyPem())));
    }
    return vertx.createHttpClient(options);
  }

  @Override
  public void close() {
    clients.values().forEach(HttpClient::close);
    clients.clear();
    netClients.values().forEach(NetClient::close);
    netClients.clear();
  }
}
