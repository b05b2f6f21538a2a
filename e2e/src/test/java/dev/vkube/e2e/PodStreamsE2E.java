package dev.vkube.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.certs.CertificateAuthority;
import dev.vkube.certs.IssuedCertificate;
import dev.vkube.certs.KubeconfigSpec;
import dev.vkube.certs.KubeconfigWriter;
import dev.vkube.certs.LeafSpec;
import dev.vkube.e2e.Kubectl.Result;
import dev.vkube.e2e.sim.KubeletApi;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kubectl logs, exec, cp, attach and port-forward on pods of a node whose kubelet is the simulated
 * kubelet API: the server validates and authorises, then streams logs from the kubelet and splices
 * the upgraded connection to it: WebSocket (v5.channel.k8s.io, kubectl 1.33) or SPDY/3.1
 * (v4.channel.k8s.io and portforward.k8s.io, kubectl 1.27). kubectl 1.33's port-forward is SPDY
 * tunnelled in WebSocket, which the server unwraps into a SPDY upgrade to the kubelet.
 */
class PodStreamsE2E {
  @TempDir
  static Path work;
  static RunningServer server;
  static KubeletApi kubelet;
  static CertificateAuthority ca;
  static Kubectl admin;
  static String ns;
  static final String NODE = "sim-node-streams";

  @BeforeAll
  static void start() throws Exception {
    server = SharedServer.get();
    ca = SimCluster.ca(server.kubeconfig());
    kubelet = KubeletApi.start(ca, work.resolve("kubelet"));
    admin = new Kubectl(Path.of("/usr/bin/kubectl"), server.kubeconfig());
    ns = "streams-" + UUID.randomUUID().toString().substring(0, 6);
    SimCluster.check(admin.run("create", "namespace", ns));
    SimCluster.registerNode(admin, NODE, kubelet);
    SimCluster.create(admin, SimCluster.pod(ns, "one", NODE, "app"), kubelet);
    SimCluster.create(admin, SimCluster.pod(ns, "two", NODE, "a", "b"), kubelet);
    SimCluster.create(admin, SimCluster.pod(ns, "pending", null, "app"), kubelet);
  }

  @AfterAll
  static void stop() {
    kubelet.close();
  }

  static Stream<Kubectl> kubectls() {
    return Kubectl.binaries().stream().map(b -> new Kubectl(b, server.kubeconfig()));
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void logsComeFromTheNodesKubelet(Kubectl k) throws Exception {
    Result logs = k.run("logs", "one", "-n", ns);
    assertEquals(0, logs.exitCode(), logs.stderr());
    assertTrue(logs.stdout().startsWith("line 1 from app in one\nline 2 from app in one\n"), logs.stdout());
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void tailAndTimestampsArePassedOn(Kubectl k) throws Exception {
    Result tail = k.run("logs", "one", "-n", ns, "--tail=2", "--timestamps");
    assertEquals(0, tail.exitCode(), tail.stderr());
    List<String> lines = tail.stdout().lines().toList();
    assertEquals(2, lines.size(), tail.stdout());
    for (String line : lines) {
      assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z line \\d+ from app in one"), line);
    }
  }

  @Test
  void followStreamsNewLinesAsTheyAreWritten() throws Exception {
    Process follow = admin.start("logs", "-f", "one", "-n", ns, "--tail=1");
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(follow.getInputStream(),
        StandardCharsets.UTF_8)).lines().forEach(lines::add));
    reader.start();
    try {
      String first = lines.poll(15, TimeUnit.SECONDS);
      String next = lines.poll(5, TimeUnit.SECONDS);
      assertTrue(first != null && next != null, "follow printed " + first + " then " + next);
      assertEquals(number(first) + 1, number(next));
      assertTrue(follow.isAlive(), "kubectl logs -f still follows");
    } finally {
      follow.destroy();
      follow.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void attachStreamsWhatTheContainerWritesFromNowOn(Kubectl k) throws Exception {
    Process attach = k.start("attach", "one", "-n", ns, "-c", "app");
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(attach.getInputStream(),
        StandardCharsets.UTF_8)).lines().forEach(lines::add));
    reader.start();
    try {
      String first = lines.poll(15, TimeUnit.SECONDS);
      String next = lines.poll(5, TimeUnit.SECONDS);
      assertTrue(first != null && next != null, "attach printed " + first + " then " + next);
      assertTrue(first.matches("line \\d+ from app in one"), first);
      assertEquals(number(first) + 1, number(next));
    } finally {
      attach.destroy();
      attach.waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static int number(String line) {
    return Integer.parseInt(line.split(" ")[1]);
  }

  @Test
  void containerIsChosenWithDashC() throws Exception {
    Result b = admin.run("logs", "two", "-n", ns, "-c", "b", "--tail=1");
    assertEquals(0, b.exitCode(), b.stderr());
    assertTrue(b.out().matches("line \\d+ from b in two"), b.out());
  }

  /** kubectl itself defaults to the first container, so the API's own answer is read raw. */
  @Test
  void severalContainersWithoutContainerIsBadRequest() throws Exception {
    Result raw = admin.run("get", "--raw", "/api/v1/namespaces/" + ns + "/pods/two/log");
    assertEquals(1, raw.exitCode());
    assertEquals("Error from server (BadRequest): a container name must be specified for pod two, choose one of: "
        + "[a b]", raw.stderr().trim());
    Result exec = admin.run("get", "--raw", "/api/v1/namespaces/" + ns + "/pods/two/exec?command=true");
    assertEquals("Error from server (BadRequest): a container name must be specified for pod two, choose one of: "
        + "[a b]", exec.stderr().trim());
  }

  @Test
  void unknownContainerIsBadRequest() throws Exception {
    Result logs = admin.run("logs", "one", "-n", ns, "-c", "nope");
    assertEquals(1, logs.exitCode());
    assertEquals("error: container nope is not valid for pod one", logs.stderr().trim());
  }

  @Test
  void podWithoutNodeHasNoLogsAndNoExec() throws Exception {
    Result logs = admin.run("logs", "pending", "-n", ns);
    assertEquals(0, logs.exitCode(), logs.stderr());
    assertEquals("", logs.stdout());
    Result exec = admin.run("exec", "pending", "-n", ns, "--", "echo", "hi");
    assertEquals(1, exec.exitCode());
    assertTrue(exec.stderr().contains("pod pending does not have a host assigned"), exec.stderr());
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void execRunsTheCommandWithThePodsEnvironment(Kubectl k) throws Exception {
    Result echo = k.run("exec", "one", "-n", ns, "--", "echo", "hi");
    assertEquals(0, echo.exitCode(), echo.stderr());
    assertEquals("hi\n", echo.stdout());
    Result env = k.run("exec", "one", "-n", ns, "--", "sh", "-c", "echo $GREETING $HOSTNAME; echo oops >&2");
    assertEquals(0, env.exitCode(), env.stderr());
    assertEquals("hello-app one\n", env.stdout());
    assertEquals("oops\n", env.stderr());
  }

  /** kubectl 1.27 speaks SPDY/3.1 only: the POST upgrade is spliced to the kubelet's SPDY server. */
  @Test
  void spdyKubectlExecs() throws Exception {
    Path old = Path.of("/usr/lib/google-cloud-sdk/bin/kubectl.1.27");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(old), "kubectl 1.27 present");
    Result exec = new Kubectl(old, server.kubeconfig()).run("exec", "one", "-n", ns, "-v=6", "--", "echo", "hi");
    assertEquals(0, exec.exitCode(), exec.stderr());
    assertEquals("hi\n", exec.stdout());
    assertTrue(exec.stderr().contains("POST https://127.0.0.1:" + server.port() + "/api/v1/namespaces/" + ns
        + "/pods/one/exec") && exec.stderr().contains("101 Switching Protocols"), exec.stderr());
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void execReportsTheExitCode(Kubectl k) throws Exception {
    Result failed = k.run("exec", "one", "-n", ns, "--", "sh", "-c", "exit 3");
    assertEquals(3, failed.exitCode());
    assertEquals("command terminated with exit code 3", failed.stderr().trim());
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void execPassesStdinAndItsEnd(Kubectl k) throws Exception {
    Result cat = k.runWithInput("first\nsecond\n", "exec", "-i", "one", "-n", ns, "--", "sh", "-c",
        "cat; echo done");
    assertEquals(0, cat.exitCode(), cat.stderr());
    assertEquals("first\nsecond\ndone\n", cat.stdout());
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void cpCopiesIntoAndOutOfThePod(Kubectl k) throws Exception {
    Path local = work.resolve("upload.txt");
    Files.writeString(local, "payload " + UUID.randomUUID() + "\n");
    Result up = k.run("cp", local.toString(), ns + "/one:uploaded.txt");
    assertEquals(0, up.exitCode(), up.stderr());
    assertEquals(Files.readString(local), Files.readString(kubelet.directory(ns, "one").resolve("uploaded.txt")));
    Path back = work.resolve("download.txt");
    Result down = k.run("cp", ns + "/one:uploaded.txt", back.toString());
    assertEquals(0, down.exitCode(), down.stderr());
    assertEquals(Files.readString(local), Files.readString(back));
  }

  /**
   * kubectl port-forward to a port the "container" listens on. 1.27 speaks SPDY; 1.33 opens its
   * WebSocket tunnel (SPDY/3.1+portforward.k8s.io), which the server unwraps into a SPDY upgrade to
   * the kubelet, and does not fall back.
   */
  @ParameterizedTest
  @MethodSource("kubectls")
  void portForwardReachesThePodsPort(Kubectl k) throws Exception {
    String log = PortForwards.roundTrips(k, ns, "one", "-v=6");
    PortForwards.assertUpgrade(k, log);
  }

  /**
   * A pod whose node's kubelet does not answer: the tunnel's dial fails, so kubectl 1.33 gets the
   * server's 500 Status naming the dial error on its WebSocket GET, retries over SPDY, gets the same,
   * and prints that cause (as it would against kube-apiserver).
   */
  @Test
  void portForwardToADeadKubeletShowsTheDialError() throws Exception {
    int closed;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = free.getLocalPort();
    }
    SimCluster.registerNode(admin, "sim-node-down", closed);
    SimCluster.check(admin.runWithInput(SimCluster.pod(ns, "stranded", "sim-node-down", "app").toString(),
        "create", "-f", "-"));
    SimCluster.check(admin.run("patch", "pod", "stranded", "-n", ns, "--subresource=status", "--type=merge", "-p",
        "{\"status\":{\"phase\":\"Running\"}}"));

    Result forward = admin.run("port-forward", "-n", ns, "pod/stranded", "0:8080", "-v=6");

    assertEquals(1, forward.exitCode(), forward.stderr());
    String cause = "Internal error occurred: error dialing backend: dial tcp 127.0.0.1:" + closed;
    PortForwards.assertTunnelRefused(forward.stderr(), cause);
    assertTrue(forward.stderr().lines().anyMatch(l -> l.startsWith("error: ") && l.contains(cause)),
        forward.stderr());
  }

  /** Even get on pods/exec (all 1.33 asked of a WebSocket exec) is not enough: create is required too. */
  @Test
  void readerWithoutCreateOnExecIsForbidden() throws Exception {
    SimCluster.check(admin.run("create", "role", "reader", "-n", ns, "--verb=get",
        "--resource=pods,pods/log,pods/exec"));
    SimCluster.check(admin.run("create", "rolebinding", "reader", "-n", ns, "--role=reader", "--user=reader"));
    Kubectl reader = new Kubectl(admin.binary(), userKubeconfig("reader"));
    Result logs = reader.run("logs", "one", "-n", ns, "--tail=1");
    assertEquals(0, logs.exitCode(), logs.stderr());
    Result exec = reader.run("exec", "one", "-n", ns, "--", "echo", "hi");
    assertNotEquals(0, exec.exitCode());
    assertEquals("", exec.stdout());
    assertTrue(exec.stderr().contains("User \"reader\" cannot create resource \"pods/exec\" in API group \"\" in "
        + "the namespace \"" + ns + "\""), exec.stderr());
  }

  private static Path userKubeconfig(String user) throws Exception {
    Path dir = Files.createDirectories(work.resolve("user-" + user));
    IssuedCertificate cert = ca.issue(LeafSpec.client(user, List.of()));
    Path file = dir.resolve("kubeconfig");
    KubeconfigWriter.write(file, KubeconfigSpec.withClientCertificate("vkube", "https://127.0.0.1:" + server.port(),
        ca.asIssued().certificatePem(), user, cert.certificatePem(), cert.privateKeyPem()));
    return file;
  }
}
