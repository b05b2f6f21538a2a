package dev.vkube.apiserver.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.apiserver.ServerOptions;
import dev.vkube.apiserver.VirtualCluster;
import dev.vkube.apiserver.testing.ApiClient;
import dev.vkube.apiserver.testing.EtcdExtension;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade-aware proxy at the byte level, with an upgrade GET as kubectl's WebSocket executor
 * sends it, to a stand-in kubelet that answers 101 and then echoes every byte: the client gets the
 * target's 101 and headers, arbitrary bytes cross both ways unchanged (the proxy never parses
 * frames), closing the client closes the target, and a refusal before the 101 reaches the client as
 * the target's status. A SPDY/3.1 upgrade (a POST, as kubectl 1.27 sends it) is spliced the same way,
 * reaching the target as a POST.
 */
class UpgradeSpliceIT {
  @RegisterExtension
  static EtcdExtension etcd = new EtcdExtension();
  @TempDir
  static Path dataDir;
  static VirtualCluster cluster;
  static Vertx vertx;
  static final CountDownLatch targetClosed = new CountDownLatch(1);
  static String ns;

  @BeforeAll
  static void start() throws Exception {
    cluster = VirtualCluster.start(new ServerOptions(List.of(etcd.endpoint()), "/it-" + UUID.randomUUID(), dataDir,
        dataDir.resolve("pki"), "127.0.0.1", 0, "10.96.0.0/12", List.of()).withoutControllers());
    vertx = Vertx.vertx();
    int port = KubeletStandIn.serve(cluster, vertx, UpgradeSpliceIT::kubelet);
    ApiClient api = ApiClient.fromKubeconfig(dataDir.resolve("admin.kubeconfig"));
    ns = "t-" + UUID.randomUUID().toString().substring(0, 8);
    KubeletStandIn.namespace(api, ns);
    KubeletStandIn.node(api, "n1", port);
    KubeletStandIn.pod(api, ns, "p", "n1", "c", "refused");
  }

  /** Echoes after a 101 on /exec/NS/p/c; refuses container "refused" with a Status (403). */
  private static void kubelet(HttpServerRequest request) {
    if (request.path().endsWith("/refused")) {
      request.response().setStatusCode(403).putHeader("Content-Type", "application/json")
          .end("{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"no\",\"code\":403}");
      return;
    }
    io.vertx.core.Future<io.vertx.core.net.NetSocket> switched;
    if (request.method() == io.vertx.core.http.HttpMethod.POST) {
      // A SPDY kubelet: the same takeover the proxy uses for its own client side.
      switched = PostUpgrade.switchProtocols(request, io.vertx.core.MultiMap.caseInsensitiveMultiMap()
          .add("Connection", "Upgrade").add("Upgrade", request.getHeader("Upgrade"))
          .add("X-Stream-Protocol-Version", "v4.channel.k8s.io").add("X-Seen-Method", request.method().name())
          .add("X-Seen-Query", request.query()));
    } else {
      request.response().putHeader("Sec-WebSocket-Protocol", "v5.channel.k8s.io")
          .putHeader("X-Seen-Query", request.query());
      switched = request.toNetSocket();
    }
    switched.onSuccess(socket -> {
      socket.handler(socket::write);
      socket.closeHandler(v -> targetClosed.countDown());
    });
  }

  @AfterAll
  static void stop() {
    cluster.close();
    vertx.close();
  }

  @Test
  void upgradeIsSplicedByteForByteAndClosedTogether() throws Exception {
    try (SSLSocket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(upgrade("c").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String head = head(in);
      assertTrue(head.startsWith("HTTP/1.1 101"), head);
      assertTrue(head.toLowerCase().contains("sec-websocket-protocol: v5.channel.k8s.io"), head);
      assertTrue(head.contains("command=ls&input=1&output=1"), "kubelet options as kube-apiserver passes them: " + head);
      byte[] payload = new byte[70_000];
      for (int i = 0; i < payload.length; i++) {
        payload[i] = (byte) i;
      }
      out.write(payload);
      out.flush();
      assertArrayEquals(payload, in.readNBytes(payload.length));
    }
    assertTrue(targetClosed.await(10, TimeUnit.SECONDS), "closing the client closes the target");
  }

  @Test
  void refusalBeforeTheUpgradeIsTheTargetsStatus() throws Exception {
    try (SSLSocket socket = connect()) {
      socket.getOutputStream().write(upgrade("refused").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String head = head(socket.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 403"), head);
    }
  }

  @Test
  void spdyUpgradeIsAPostSplicedByteForByte() throws Exception {
    try (SSLSocket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(("POST /api/v1/namespaces/" + ns + "/pods/p/exec?command=ls&container=c"
          + "&stdout=true HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
          + "X-Stream-Protocol-Version: v4.channel.k8s.io\r\nX-Stream-Protocol-Version: channel.k8s.io\r\n"
          + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String head = head(in);
      assertTrue(head.startsWith("HTTP/1.1 101"), head);
      assertTrue(head.contains("Upgrade: SPDY/3.1"), head);
      assertTrue(head.contains("X-Stream-Protocol-Version: v4.channel.k8s.io"), head);
      assertTrue(head.contains("X-Seen-Method: POST"), head);
      assertTrue(head.contains("command=ls&output=1"), head);
      byte[] payload = new byte[70_000];
      for (int i = 0; i < payload.length; i++) {
        payload[i] = (byte) (i * 7);
      }
      out.write(payload);
      out.flush();
      assertArrayEquals(payload, in.readNBytes(payload.length));
    }
  }

  /** kubectl 1.33 falls back to SPDY when the WebSocket upgrade is refused: it must see the same cause. */
  @Test
  void spdyRefusalIsTheTargetsStatusAndBody() throws Exception {
    try (SSLSocket socket = connect()) {
      socket.getOutputStream().write(("POST /api/v1/namespaces/" + ns + "/pods/p/exec?command=ls&container=refused"
          + "&stdout=true HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
          + "X-Stream-Protocol-Version: v4.channel.k8s.io\r\nContent-Length: 0\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      String head = head(in);
      assertTrue(head.startsWith("HTTP/1.1 403"), head);
      String body = new String(in.readNBytes("{\"kind\":\"Status\"".length()), StandardCharsets.UTF_8);
      assertEquals("{\"kind\":\"Status\"", body);
    }
  }

  @Test
  void plainPostWithoutUpgradeIsRefused() throws Exception {
    try (SSLSocket socket = connect()) {
      socket.getOutputStream().write(("POST /api/v1/namespaces/" + ns + "/pods/p/exec?command=ls&container=c"
          + "&stdout=true HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String head = head(socket.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 400"), head);
    }
  }

  private static String upgrade(String container) {
    return "GET /api/v1/namespaces/" + ns + "/pods/p/exec?command=ls&container=" + container
        + "&stdin=true&stdout=true HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n";
  }

  /** The status line and headers of an HTTP/1.1 response, read byte by byte up to the blank line. */
  static String head(InputStream in) throws Exception {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** HTTP/1.1 over TLS (ALPN not offered), with the admin's client certificate. */
  private static SSLSocket connect() throws Exception {
    SSLContext ssl = ApiClient.tls(dataDir.resolve("admin.kubeconfig")).context();
    SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", cluster.port());
    socket.setSoTimeout(20_000);
    return socket;
  }
}
