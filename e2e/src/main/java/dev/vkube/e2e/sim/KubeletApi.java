package dev.vkube.e2e.sim;

import dev.vkube.certs.CertificateAuthority;
import dev.vkube.certs.IssuedCertificate;
import dev.vkube.certs.LeafSpec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The kubelet API of a simulated node, small but honest: HTTPS with a serving certificate from the
 * cluster CA, clients authenticated by certificates of that CA (the API server's kubelet client
 * certificate; any such client is allowed, where a kubelet would ask a SubjectAccessReview), and the
 * real wire protocols on the paths kube-apiserver uses:
 * <ul>
 *   <li>{@code GET /containerLogs/NS/POD/CONTAINER} (follow, tailLines, sinceSeconds, timestamps,
 *       limitBytes; previous has nothing, as no container ever restarted), see {@link LogStream};
 *   <li>{@code /exec/NS/POD/CONTAINER?command=..&input=1&output=1&error=1} over WebSocket with
 *       {@code v5.channel.k8s.io} or {@code v4.channel.k8s.io}, or over SPDY/3.1 with
 *       {@code v4.channel.k8s.io} ({@link SpdyExecSession}): the argv runs as a local process in the
 *       pod's scratch directory ({@link ExecSession}); paths in it are relative to that directory;
 *   <li>{@code /attach/NS/POD/CONTAINER} over the same protocols: the container's output from now on
 *       ({@link AttachSession});
 *   <li>{@code /portForward/NS/POD} over SPDY/3.1 with {@code portforward.k8s.io}
 *       ({@link SpdyPortForward}): to the port on 127.0.0.1, the simulated pod's network.
 * </ul>
 * Port-forward over WebSocket is refused (400): kubectl 1.31+'s WebSocket tunnel ends at the API
 * server, which asks the kubelet for SPDY, as kube-apiserver does.
 * Vert.x carries the HTTP and WebSocket framing, Netty's codec the SPDY frames, as this is a test
 * fixture at the edge, not domain code.
 */
public final class KubeletApi implements AutoCloseable {
  /** How often a simulated container writes a new log line. */
  public static final Duration LOG_INTERVAL = Duration.ofMillis(500);

  private final Vertx vertx;
  private final HttpServer server;
  private final Path scratch;
  private final Clock clock;
  private final Map<String, RunningPod> pods = new ConcurrentHashMap<>();

  record RunningPod(SimPod pod, Path dir, Map<String, ContainerLog> logs) {}

  private KubeletApi(Vertx vertx, HttpServer server, Path scratch, Clock clock) {
    this.vertx = vertx;
    this.server = server;
    this.scratch = scratch;
    this.clock = clock;
  }

  /** Listens on 127.0.0.1 (a free port) with a serving certificate for 127.0.0.1 and localhost. */
  public static KubeletApi start(CertificateAuthority ca, Path scratch) {
    IssuedCertificate serving = ca.issue(LeafSpec.server("sim-kubelet", List.of("localhost"), List.of("127.0.0.1")));
    HttpServerOptions options = new HttpServerOptions().setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().addCertValue(Buffer.buffer(serving.certificatePem()))
            .addKeyValue(Buffer.buffer(serving.privateKeyPem())))
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(ca.asIssued().certificatePem())))
        .setClientAuth(ClientAuth.REQUIRED)
        .setWebSocketSubProtocols(Channels.SUPPORTED)
        .setMaxWebSocketFrameSize(1 << 20)
        .setMaxWebSocketMessageSize(1 << 22);
    Vertx vertx = Vertx.vertx();
    HttpServer server = vertx.createHttpServer(options);
    KubeletApi api = new KubeletApi(vertx, server, scratch, Clock.systemUTC());
    server.requestHandler(api::handle);
    try {
      server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("simulated kubelet API did not start", e);
    }
    return api;
  }

  public int port() {
    return server.actualPort();
  }

  /** Starts the pod's containers: their logs begin now, and exec runs in its scratch directory. */
  public void run(SimPod pod) {
    Path dir = scratch.resolve(pod.namespace()).resolve(pod.name());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, ContainerLog> logs = new ConcurrentHashMap<>();
    pod.containers().keySet().forEach(c -> logs.put(c, new ContainerLog(pod.name(), c, clock.instant(),
        LOG_INTERVAL, clock)));
    pods.put(pod.key(), new RunningPod(pod, dir, logs));
  }

  /** Whether the pod's containers run here (a pod started once keeps its log through later events). */
  public boolean runs(String namespace, String name) {
    return pods.containsKey(namespace + "/" + name);
  }

  /**
   * The pod is gone: its streams are no longer served (a pod of the same name later starts afresh).
   * Its scratch directory stays, as a removed container's log files stay until the kubelet's GC.
   */
  public void stop(String namespace, String name) {
    pods.remove(namespace + "/" + name);
  }

  /** The pod's scratch directory (its containers' working directory). */
  public Path directory(String namespace, String name) {
    return scratch.resolve(namespace).resolve(name);
  }

  private void handle(HttpServerRequest request) {
    String[] parts = request.path().replaceAll("^/+", "").split("/");
    if (parts.length == 4 && parts[0].equals("containerLogs")) {
      withContainer(request, parts, (pod, container) -> new LogStream(vertx, pod.logs().get(container))
          .serve(request));
    } else if (parts.length == 4 && parts[0].equals("exec")) {
      withContainer(request, parts, (pod, container) -> exec(request, pod, container));
    } else if (parts.length == 4 && parts[0].equals("attach")) {
      withContainer(request, parts, (pod, container) -> attach(request, pod, container));
    } else if (parts.length >= 3 && parts[0].equals("portForward")) {
      portForward(request, parts);
    } else {
      plain(request, 404, "404 page not found");
    }
  }

  private void withContainer(HttpServerRequest request, String[] parts,
      java.util.function.BiConsumer<RunningPod, String> then) {
    RunningPod pod = pods.get(parts[1] + "/" + parts[2]);
    if (pod == null) {
      plain(request, 404, "pod \"" + parts[2] + "\" does not exist");
    } else if (!pod.pod().containers().containsKey(parts[3])) {
      plain(request, 404, "container \"" + parts[3] + "\" not found in pod \"" + parts[2] + "\"");
    } else {
      then.accept(pod, parts[3]);
    }
  }

  /** kubelet/server/remotecommand: options from the query, then the WebSocket or SPDY upgrade. */
  private void exec(HttpServerRequest request, RunningPod pod, String container) {
    List<String> command = request.params().getAll("command");
    if (command.isEmpty()) {
      plain(request, 400, "you must specify at least 1 command");
      return;
    }
    Map<String, String> env = new java.util.HashMap<>(pod.pod().containers().get(container));
    env.put("HOSTNAME", pod.pod().name());
    boolean stdin = "1".equals(request.getParam("input"));
    boolean stdout = "1".equals(request.getParam("output"));
    boolean stderr = "1".equals(request.getParam("error"));
    upgrade(request, io -> new ExecSession(io, command).start(pod.dir(), env, stdin, stdout, stderr));
  }

  private void attach(HttpServerRequest request, RunningPod pod, String container) {
    upgrade(request, io -> new AttachSession(vertx, io, pod.logs().get(container)).start());
  }

  /** At least one stream asked for, then a SPDY/3.1 or channel.k8s.io WebSocket upgrade; else 400. */
  private static void upgrade(HttpServerRequest request, java.util.function.Consumer<StreamChannels> session) {
    boolean stdin = "1".equals(request.getParam("input"));
    boolean stdout = "1".equals(request.getParam("output"));
    boolean stderr = "1".equals(request.getParam("error"));
    boolean tty = "1".equals(request.getParam("tty"));
    if (!stdin && !stdout && !stderr) {
      plain(request, 400, "you must specify at least 1 of stdin, stdout, stderr");
      return;
    }
    if (SpdyUpgrade.requested(request)) {
      SpdyUpgrade.negotiate(request, List.of(SpdyExecSession.PROTOCOL)).ifPresent(protocol ->
          SpdyUpgrade.accept(request, protocol, new SpdyExecSession(
              SpdyExecSession.expectedStreams(stdin, stdout, stderr, tty), session)));
      return;
    }
    String offered = String.valueOf(request.getHeader("Sec-WebSocket-Protocol"));
    if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))
        || Channels.SUPPORTED.stream().noneMatch(offered::contains)) {
      plain(request, 400, "unable to upgrade: the simulated kubelet speaks SPDY/3.1 or WebSocket "
          + String.join(" or ", Channels.SUPPORTED));
      return;
    }
    request.toWebSocket().onSuccess(ws -> session.accept(new WebSocketChannels(ws)));
  }

  /** kubelet/server/portforward: SPDY/3.1 with portforward.k8s.io. */
  private void portForward(HttpServerRequest request, String[] parts) {
    if (!pods.containsKey(parts[1] + "/" + parts[2])) {
      plain(request, 404, "pod \"" + parts[2] + "\" does not exist");
    } else if (!SpdyUpgrade.requested(request)) {
      plain(request, 400, "unable to upgrade: the simulated kubelet serves port-forward over SPDY/3.1 only");
    } else {
      SpdyUpgrade.negotiate(request, List.of(SpdyPortForward.PROTOCOL)).ifPresent(protocol ->
          SpdyUpgrade.accept(request, protocol, new SpdyPortForward(parts[2])));
    }
  }

  static void plain(HttpServerRequest request, int code, String message) {
    request.response().setStatusCode(code).putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(message + "\n");
  }

  @Override
  public void close() {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing a test fixture: the JVM reclaims the rest
    }
  }
}
