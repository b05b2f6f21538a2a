package dev.vkube.e2e.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.e2e.Kubectl;
import dev.vkube.e2e.Kubectl.Result;
import dev.vkube.syncer.names.NameTranslator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's "kubectl logs and kubectl exec work on a virtual pod", through the whole chain: kubectl
 * 1.33 against the tenant; the tenant server sends pods/log|exec of the virtual pod to the host API
 * for the syncer's host pod; the host server sends them to the kubelet API of the simulated node the
 * host's scheduler chose; that kubelet runs the host pod's containers (their log lines name the host
 * pod, exec runs with the host pod's environment).
 */
class SyncedPodStreamsIT {
  @RegisterExtension
  static EtcdExtension etcd = new EtcdExtension();
  @TempDir
  static Path dir;
  static SimHost sim;
  static Kubectl kubectl;
  static String ns;
  static final NameTranslator VC1 = new NameTranslator(SimHost.VCLUSTER);

  @BeforeAll
  static void start() throws Exception {
    sim = SimHost.start(etcd, dir);
    kubectl = new Kubectl(Path.of("/usr/bin/kubectl"), dir.resolve("tenant-" + SimHost.VCLUSTER)
        .resolve("admin.kubeconfig"));
    ns = sim.virtualNamespace();
    check(kubectl.runWithInput(pod("web", ""), "create", "-n", ns, "-f", "-"));
    check(kubectl.run("wait", "-n", ns, "--for=jsonpath={.status.phase}=Running", "pod/web", "--timeout=30s"));
  }

  @AfterAll
  static void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  @Test
  void logsOfAVirtualPodAreItsHostContainersOutput() throws Exception {
    Result logs = kubectl.run("logs", "web", "-n", ns);

    assertEquals(0, logs.exitCode(), logs.stderr());
    List<String> lines = logs.out().lines().toList();
    assertTrue(lines.size() >= 5, logs.out());
    assertEquals("line 1 from app in " + VC1.hostName(ns, "web"), lines.get(0));
    Result tail = kubectl.run("logs", "web", "-n", ns, "--tail=1");
    assertEquals(0, tail.exitCode(), tail.stderr());
    assertTrue(tail.out().matches("line \\d+ from app in " + VC1.hostName(ns, "web")), tail.out());
  }

  /** Both servers relay chunk by chunk: lines written after the request arrive while it runs. */
  @Test
  @Timeout(30)
  void logsFollowStreamsNewLinesThroughBothServers() throws Exception {
    Process follow = kubectl.start("logs", "-f", "web", "-n", ns, "--tail=1");
    try (BufferedReader out = new BufferedReader(new InputStreamReader(follow.getInputStream(),
        StandardCharsets.UTF_8))) {
      int last = lineNumber(out.readLine());

      // The tail's one line, then the next two as the container writes them (every 500 ms).
      assertEquals(last + 1, lineNumber(out.readLine()));
      assertEquals(last + 2, lineNumber(out.readLine()));
    } finally {
      follow.destroy();
    }
  }

  private static int lineNumber(String line) {
    assertTrue(line != null && line.matches("line \\d+ from app in " + VC1.hostName(ns, "web")), line);
    return Integer.parseInt(line.split(" ")[1]);
  }

  @Test
  void execOnAVirtualPodRunsInItsHostPodWithItsEnvironment() throws Exception {
    Result hi = kubectl.run("exec", "web", "-n", ns, "--", "echo", "hi");
    assertEquals(0, hi.exitCode(), hi.stderr());
    assertEquals("hi\n", hi.stdout());

    Result env = kubectl.run("exec", "web", "-n", ns, "--", "sh", "-c", "echo $GREETING");
    assertEquals(0, env.exitCode(), env.stderr());
    assertEquals("hello-app\n", env.stdout());
  }

  @Test
  void execStdinReachesTheHostPod() throws Exception {
    Result cat = kubectl.runWithInput("through the host\n", "exec", "-i", "web", "-n", ns, "--", "cat");

    assertEquals(0, cat.exitCode(), cat.stderr());
    assertEquals("through the host\n", cat.stdout());
  }

  /** kubectl cp is tar over exec (-i): a file goes into the host pod and comes back unchanged. */
  @Test
  void kubectlCpCopiesIntoTheHostPodAndBack() throws Exception {
    Path local = Files.writeString(dir.resolve("to-copy.txt"), "copied through the host\n");
    check(kubectl.run("cp", local.toString(), ns + "/web:copied.txt"));

    Result cat = kubectl.run("exec", "web", "-n", ns, "--", "cat", "copied.txt");
    assertEquals("copied through the host\n", cat.stdout(), cat.stderr());
    Path back = dir.resolve("back.txt");
    check(kubectl.run("cp", ns + "/web:copied.txt", back.toString()));
    assertEquals("copied through the host\n", Files.readString(back));
  }

  /** kubectl 1.27 speaks SPDY/3.1 only: its POST upgrade crosses tenant and host to the kubelet. */
  @Test
  void spdyKubectlExecsAndCopiesThroughTheHost() throws Exception {
    Path old = Path.of("/usr/lib/google-cloud-sdk/bin/kubectl.1.27");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(old), "kubectl 1.27 present");
    Kubectl k127 = new Kubectl(old, kubectl.kubeconfig());
    Path local = Files.writeString(dir.resolve("spdy-copy.txt"), "copied over SPDY\n");
    check(k127.run("cp", local.toString(), ns + "/web:spdy-copied.txt"));
    Result cat = k127.runWithInput("and stdin\n", "exec", "-i", "web", "-n", ns, "--", "sh", "-c",
        "cat spdy-copied.txt -; exit 5");
    assertEquals(5, cat.exitCode(), cat.stderr());
    assertEquals("copied over SPDY\nand stdin\n", cat.stdout());
    assertEquals("command terminated with exit code 5", cat.stderr().trim());
  }

  /**
   * Port-forward to the host pod: 1.27 over SPDY, 1.33 through its WebSocket tunnel (no fallback),
   * which the tenant unwraps into a SPDY upgrade to the host API.
   */
  @Test
  void portForwardReachesTheHostPodsPort() throws Exception {
    for (Path binary : Kubectl.binaries()) {
      Kubectl k = new Kubectl(binary, kubectl.kubeconfig());
      dev.vkube.e2e.PortForwards.assertUpgrade(k, dev.vkube.e2e.PortForwards.roundTrips(k, ns, "web", "-v=6"));
    }
  }

  /** kubectl's message for a remote exit code (k8s.io/kubectl/pkg/cmd/exec: CodeExitError). */
  @Test
  void nonZeroExitCodeOfTheHostProcessIsReported() throws Exception {
    Result failed = kubectl.run("exec", "web", "-n", ns, "--", "sh", "-c", "exit 3");

    assertEquals(3, failed.exitCode(), failed.stderr());
    assertEquals("command terminated with exit code 3", failed.stderr().trim());
  }

  @Test
  void deploymentLogsAndExecGoToOneOfItsPods() throws Exception {
    String deployNs = sim.virtualNamespace();
    check(kubectl.run("create", "deployment", "nginx", "--image=nginx", "-n", deployNs));
    check(kubectl.run("rollout", "status", "deployment/nginx", "-n", deployNs, "--timeout=50s"));

    Result logs = kubectl.run("logs", "deploy/nginx", "-n", deployNs);
    assertEquals(0, logs.exitCode(), logs.stderr());
    assertTrue(logs.out().startsWith("line 1 from nginx in "), logs.out());
    Result hi = kubectl.run("exec", "deploy/nginx", "-n", deployNs, "--", "echo", "hi");
    assertEquals(0, hi.exitCode(), hi.stderr());
    assertEquals("hi\n", hi.stdout());
  }

  @Test
  void unknownPodIsTheTenantsNotFound() throws Exception {
    Result logs = kubectl.run("logs", "nosuch", "-n", ns);
    Result exec = kubectl.run("exec", "nosuch", "-n", ns, "--", "echo", "hi");

    // kubectl logs reads the pod first and words its NotFound itself (1.33's polymorphichelpers).
    assertEquals(1, logs.exitCode());
    assertEquals("error: error from server (NotFound): pods \"nosuch\" not found in namespace \"" + ns + "\"",
        logs.stderr().trim());
    assertEquals(1, exec.exitCode());
    assertEquals("Error from server (NotFound): pods \"nosuch\" not found", exec.stderr().trim());
  }

  /**
   * A pod the syncer refuses (privileged) never reaches the host, so no node is assigned: its logs
   * are empty and exec is refused with kube-apiserver's message (pod strategy streamLocation).
   */
  @Test
  void podThatWasNeverSyncedHasNoStreams() throws Exception {
    check(kubectl.runWithInput(pod("refused", "\"securityContext\":{\"privileged\":true},"), "create",
        "-n", ns, "-f", "-"));

    Result logs = kubectl.run("logs", "refused", "-n", ns);
    Result exec = kubectl.run("exec", "refused", "-n", ns, "--", "echo", "hi");

    assertEquals(0, logs.exitCode(), logs.stderr());
    assertEquals("", logs.stdout());
    assertEquals(1, exec.exitCode());
    assertEquals("Error from server (BadRequest): pod refused does not have a host assigned", exec.stderr().trim());
    assertFalse(exec.stderr().contains("Exception"), exec.stderr());
  }

  /**
   * A pod scheduled in the tenant (the tenant named the node) whose host copy does not exist (the
   * syncer refused it): its logs are the host API's NotFound for the host pod, relayed as a Status,
   * as vCluster's redirect filter relays the host's answer.
   */
  @Test
  void logsOfAScheduledPodWithoutHostCopyAreTheHostsNotFound() throws Exception {
    String pinned = pod("pinned", "\"securityContext\":{\"privileged\":true},")
        .replace("\"containers\"", "\"nodeName\":\"" + SimHost.NODE_PREFIX + "1\",\"containers\"");
    check(kubectl.runWithInput(pinned, "create", "-n", ns, "-f", "-"));

    Result logs = kubectl.run("logs", "pinned", "-n", ns);

    assertEquals(1, logs.exitCode());
    assertEquals("Error from server (NotFound): pods \"" + VC1.hostName(ns, "pinned") + "\" not found",
        logs.stderr().trim());
  }

  /** A pod with one container "app" (env GREETING=hello-app); {@code extra} goes into the container. */
  static String pod(String name, String extra) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{"
        + "\"containers\":[{\"name\":\"app\",\"image\":\"busybox\"," + extra
        + "\"env\":[{\"name\":\"GREETING\",\"value\":\"hello-app\"}]}]}}";
  }

  static Result check(Result r) {
    if (r.exitCode() != 0) {
      throw new IllegalStateException("kubectl failed: " + r.stdout() + r.stderr());
    }
    return r;
  }
}
