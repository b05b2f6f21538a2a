package dev.vkube.apiserver.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.apiserver.ServerOptions;
import dev.vkube.apiserver.VirtualCluster;
import dev.vkube.apiserver.testing.ApiClient;
import dev.vkube.apiserver.testing.EtcdExtension;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl 1.31+'s port-forward handshake at the byte level (client-go tunneling_dialer.go): a
 * WebSocket GET offering {@code SPDY/3.1+portforward.k8s.io}. The stand-in kubelet speaks SPDY only
 * (a POST upgrade, as kube-apiserver's TunnelingHandler sends it) and echoes every byte with
 * backpressure, so what it receives and what the client gets back show the tunnel's two halves:
 * WebSocket binary message payloads in, raw bytes out, raw bytes in, binary messages out.
 */
class SpdyTunnelIT {
  @RegisterExtension
  static EtcdExtension etcd = new EtcdExtension();
  @TempDir
  static Path dataDir;
  static VirtualCluster cluster;
  static Vertx vertx;
  static String ns;
  static final Map<String, MultiMap> seen = new ConcurrentHashMap<>();
  static final Map<String, CountDownLatch> targetClosed = new ConcurrentHashMap<>();
  static final byte[] MASK = {0x5A, 0x01, (byte) 0xC3, 0x7E};

  @BeforeAll
  static void start() throws Exception {
    cluster = VirtualCluster.start(new ServerOptions(List.of(etcd.endpoint()), "/it-" + UUID.randomUUID(), dataDir,
        dataDir.resolve("pki"), "127.0.0.1", 0, "10.96.0.0/12", List.of()).withoutControllers());
    vertx = Vertx.vertx();
    int port = KubeletStandIn.serve(cluster, vertx, SpdyTunnelIT::kubelet);
    int down;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      down = free.getLocalPort();
    }
    ApiClient api = ApiClient.fromKubeconfig(dataDir.resolve("admin.kubeconfig"));
    ns = "t-" + UUID.randomUUID().toString().substring(0, 8);
    KubeletStandIn.namespace(api, ns);
    KubeletStandIn.node(api, "n1", port);
    KubeletStandIn.node(api, "down", down);
    for (String pod : List.of("echo", "backpressure", "bye", "refused")) {
      KubeletStandIn.pod(api, ns, pod, "n1", "c");
    }
    KubeletStandIn.pod(api, ns, "stranded", "down", "c");
  }

  /**
   * /portForward/NS/POD over SPDY only: "refused" gets a 404 Status, "bye" writes "bye" and hangs up,
   * the others echo (pipeTo: reading stops while the echo cannot be written).
   */
  private static void kubelet(HttpServerRequest request) {
    String pod = request.path().substring(request.path().lastIndexOf('/') + 1);
    seen.put(pod, MultiMap.caseInsensitiveMultiMap().addAll(request.headers()).add(":method", request.method().name())
        .add(":path", request.path()));
    if (pod.equals("refused")) {
      request.response().setStatusCode(404).putHeader("Content-Type", "application/json")
          .end("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"pod \\\"refused\\\" "
              + "not found\",\"reason\":\"NotFound\",\"code\":404}");
      return;
    }
    PostUpgrade.switchProtocols(request, MultiMap.caseInsensitiveMultiMap().add("Connection", "Upgrade")
        .add("Upgrade", "SPDY/3.1").add("X-Stream-Protocol-Version", "portforward.k8s.io")).onSuccess(socket -> {
          CountDownLatch closed = targetClosed.computeIfAbsent(pod, p -> new CountDownLatch(1));
          socket.closeHandler(v -> closed.countDown());
          if (pod.equals("bye")) {
            socket.end(Buffer.buffer("bye"));
          } else {
            socket.pipeTo(socket);
          }
        });
  }

  @AfterAll
  static void stop() {
    cluster.close();
    vertx.close();
  }

  @Test
  void tunnelAsksTheTargetForSpdyAndAnswersWithItsProtocol() throws Exception {
    try (SSLSocket socket = connect()) {
      String head = handshake(socket, "echo");
      assertTrue(head.startsWith("HTTP/1.1 101"), head);
      assertTrue(head.contains("\r\nSec-WebSocket-Protocol: SPDY/3.1+portforward.k8s.io\r\n"), head);
      assertTrue(head.contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), head);
      MultiMap target = seen.get("echo");
      assertEquals("POST", target.get(":method"));
      assertEquals("/portForward/" + ns + "/echo", target.get(":path"));
      assertEquals("SPDY/3.1", target.get("Upgrade"));
      assertEquals(List.of("portforward.k8s.io"), target.getAll("X-Stream-Protocol-Version"));
      assertFalse(target.names().stream().anyMatch(n -> n.toLowerCase().startsWith("sec-websocket")), target.names()
          .toString());

      OutputStream out = socket.getOutputStream();
      out.write(frame(false, 0x2, "spdy ".getBytes(StandardCharsets.UTF_8)));
      out.write(frame(true, 0x9, "ping".getBytes(StandardCharsets.UTF_8)));
      out.write(frame(true, 0x0, "bytes".getBytes(StandardCharsets.UTF_8)));
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      ByteArrayOutputStream echoed = new ByteArrayOutputStream();
      List<String> controls = new java.util.ArrayList<>();
      while (echoed.size() < "spdy bytes".length() || controls.isEmpty()) {
        Frame frame = readFrame(in);
        if (frame.opcode() == 0x2) {
          echoed.writeBytes(frame.payload());
        } else {
          controls.add(frame.toString());
        }
      }
      assertEquals(List.of("pong ping"), controls, "a ping is answered by the proxy");
      assertEquals("spdy bytes", echoed.toString(StandardCharsets.UTF_8));

      out.write(frame(true, 0x8, new byte[] {0x03, (byte) 0xE8}));
      out.flush();
      assertEquals("close 1000", readFrame(in).toString());
    }
    assertTrue(targetClosed.get("echo").await(10, TimeUnit.SECONDS), "the client's close frame closes the target");
  }

  /**
   * The client writes 32 MiB without reading: the echo fills every queue on the way back, so the
   * proxy must stop reading the client rather than buffer: the client's writes stall (its count stays
   * the same for a second) short of the end. Once the client reads, every byte arrives, in order.
   */
  @Test
  void fullQueuesStopReadingOnBothSides() throws Exception {
    byte[] chunk = new byte[32 * 1024];
    int chunks = 1024;
    java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try (SSLSocket socket = connect()) {
      assertTrue(handshake(socket, "backpressure").startsWith("HTTP/1.1 101"));
      OutputStream out = socket.getOutputStream();
      Future<?> written = writer.submit(() -> {
        for (int i = 0; i < chunks; i++) {
          java.util.Arrays.fill(chunk, (byte) i);
          out.write(frame(true, 0x2, chunk));
          sent.incrementAndGet();
        }
        out.flush();
        return null;
      });
      int before = -1;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (sent.get() != before && System.nanoTime() < deadline) {
        before = sent.get();
        Thread.sleep(1000);
      }
      assertEquals(before, sent.get(), "the client's writes stall while nobody reads the echo");
      assertTrue(before < chunks, "stalled at " + before + " of " + chunks + " chunks, not after all of them");
      DataInputStream in = new DataInputStream(socket.getInputStream());
      long received = 0;
      while (received < (long) chunk.length * chunks) {
        Frame frame = readFrame(in);
        for (byte b : frame.payload()) {
          if (b != (byte) (received / chunk.length)) {
            throw new AssertionError("byte " + received + " is " + b + ", from chunk " + received / chunk.length);
          }
          received++;
        }
      }
      written.get(30, TimeUnit.SECONDS);
    } finally {
      writer.shutdownNow();
    }
  }

  @Test
  void targetHangingUpIsANormalCloseAfterItsLastBytes() throws Exception {
    try (SSLSocket socket = connect()) {
      assertTrue(handshake(socket, "bye").startsWith("HTTP/1.1 101"));
      DataInputStream in = new DataInputStream(socket.getInputStream());
      assertEquals("binary bye", readFrame(in).toString());
      assertEquals("close 1000", readFrame(in).toString());
      assertEquals(-1, in.read(), "then the connection ends");
    }
  }

  /** InitializeWrite passes a non-101 answer through: the client sees the target's Status. */
  @Test
  void refusalIsTheTargetsStatus() throws Exception {
    try (SSLSocket socket = connect()) {
      String head = handshake(socket, "refused");
      assertTrue(head.startsWith("HTTP/1.1 404"), head);
      assertTrue(head.contains("application/json"), head);
      int length = Integer.parseInt(head.replaceAll("(?is).*\r\ncontent-length: *(\\d+).*", "$1").trim());
      String body = new String(socket.getInputStream().readNBytes(length), StandardCharsets.UTF_8);
      assertTrue(body.contains("\"message\":\"pod \\\"refused\\\" not found\""), body);
    }
  }

  @Test
  void unreachableKubeletIsAnInternalErrorNamingTheDial() throws Exception {
    try (SSLSocket socket = connect()) {
      String head = handshake(socket, "stranded");
      assertTrue(head.startsWith("HTTP/1.1 500"), head);
      byte[] body = new byte[4096];
      int n = socket.getInputStream().read(body);
      String text = new String(body, 0, Math.max(n, 0), StandardCharsets.UTF_8);
      assertTrue(text.contains("error dialing backend: dial tcp 127.0.0.1:"), text);
    }
  }

  @Test
  void textMessagesAreNotTunnelled() throws Exception {
    try (SSLSocket socket = connect()) {
      assertTrue(handshake(socket, "echo").startsWith("HTTP/1.1 101"));
      socket.getOutputStream().write(frame(true, 0x1, "text".getBytes(StandardCharsets.UTF_8)));
      socket.getOutputStream().flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      assertEquals("close 1003", readFrame(in).toString());
    }
  }

  private static String handshake(SSLSocket socket, String pod) throws Exception {
    socket.getOutputStream().write(("GET /api/v1/namespaces/" + ns + "/pods/" + pod + "/portforward HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: SPDY/3.1+portforward.k8s.io\r\n"
        + "\r\n").getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return UpgradeSpliceIT.head(socket.getInputStream());
  }

  private static byte[] frame(boolean fin, int opcode, byte[] payload) {
    return WebSocketFramingTest.clientFrame(fin, opcode, payload, MASK).getBytes();
  }

  record Frame(int opcode, byte[] payload) {
    @Override
    public String toString() {
      return switch (opcode) {
        case 0x2 -> "binary " + new String(payload, StandardCharsets.UTF_8);
        case 0x8 -> "close " + ((payload[0] & 0xFF) << 8 | payload[1] & 0xFF);
        case 0xA -> "pong " + new String(payload, StandardCharsets.UTF_8);
        default -> "opcode " + opcode;
      };
    }
  }

  /** A server frame: FIN set and unmasked, as the proxy writes them. */
  private static Frame readFrame(DataInputStream in) throws Exception {
    int first = in.read();
    if (first < 0) {
      throw new EOFException("connection ended before a frame");
    }
    assertEquals(0x80, first & 0xF0, "FIN set, no reserved bits");
    int second = in.readUnsignedByte();
    assertEquals(0, second & 0x80, "server frames are not masked");
    long length = second & 0x7F;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return new Frame(first & 0x0F, payload);
  }

  /** HTTP/1.1 over TLS (ALPN not offered), with the admin's client certificate. */
  private static SSLSocket connect() throws Exception {
    SSLContext ssl = ApiClient.tls(dataDir.resolve("admin.kubeconfig")).context();
    SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket();
    // Small buffers keep what the kernel holds for a client that does not read to a few hundred KiB.
    socket.setReceiveBufferSize(64 * 1024);
    socket.setSendBufferSize(64 * 1024);
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", cluster.port()));
    socket.setSoTimeout(20_000);
    return socket;
  }
}
