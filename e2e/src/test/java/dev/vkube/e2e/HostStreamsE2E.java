package dev.vkube.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.apiserver.ServerOptions;
import dev.vkube.apiserver.VirtualCluster;
import dev.vkube.apiserver.proxy.HostApi;
import dev.vkube.apiserver.proxy.HostPodName;
import dev.vkube.apiserver.storage.etcd.LocalEtcd;
import dev.vkube.e2e.Kubectl.Result;
import dev.vkube.e2e.sim.KubeletApi;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared nodes: a virtual cluster whose pods run as host pods sends their logs and exec to the host
 * API (with the host kubeconfig's credentials), which sends them on to the host node's kubelet. The
 * host is the jar with a simulated kubelet; the virtual cluster runs in-process with the host stream
 * target and a stand-in name translation (the syncer's comes with it).
 */
class HostStreamsE2E {
  @TempDir
  static Path work;
  static RunningServer host;
  static KubeletApi kubelet;
  static LocalEtcd virtualEtcd;
  static VirtualCluster virtual;
  static Kubectl tenant;
  static String hostNamespace;
  static final String HOST_NODE = "host-node-streams";

  static HostPodName translate(String namespace, String name) {
    return new HostPodName(hostNamespace, name + "-x-" + namespace + "-x-vc");
  }

  @BeforeAll
  static void start() throws Exception {
    host = SharedServer.get();
    Kubectl hostKubectl = new Kubectl(Path.of("/usr/bin/kubectl"), host.kubeconfig());
    hostNamespace = "vc-" + UUID.randomUUID().toString().substring(0, 6);
    SimCluster.check(hostKubectl.run("create", "namespace", hostNamespace));
    kubelet = KubeletApi.start(SimCluster.ca(host.kubeconfig()), work.resolve("kubelet"));
    SimCluster.registerNode(hostKubectl, HOST_NODE, kubelet);
    SimCluster.create(hostKubectl, SimCluster.pod(hostNamespace, translate("default", "web").name(), HOST_NODE,
        "app"), kubelet);

    virtualEtcd = LocalEtcd.start(work.resolve("virtual-etcd"));
    Path data = work.resolve("virtual");
    virtual = VirtualCluster.startWithHostStreams(new ServerOptions(List.of(virtualEtcd.endpoint()), "/registry",
        data, data.resolve("pki"), "127.0.0.1", 0, "10.96.0.0/12", List.of()).withoutControllers(),
        HostApi.fromKubeconfig(host.kubeconfig()), HostStreamsE2E::translate);
    tenant = new Kubectl(Path.of("/usr/bin/kubectl"), data.resolve("admin.kubeconfig"));
    // In the virtual cluster the pod is on the (synced) host node; no kubelet is needed there.
    SimCluster.check(tenant.runWithInput(SimCluster.pod("default", "web", HOST_NODE, "app").toString(),
        "create", "-f", "-"));
    SimCluster.check(tenant.runWithInput(SimCluster.pod("default", "ghost", HOST_NODE, "app").toString(),
        "create", "-f", "-"));
    // kubectl port-forward reads the virtual pod first and wants it Running (the syncer's status).
    for (String pod : List.of("web", "ghost")) {
      SimCluster.check(tenant.run("patch", "pod", pod, "--subresource=status", "--type=merge", "-p",
          "{\"status\":{\"phase\":\"Running\"}}"));
    }
  }

  @AfterAll
  static void stop() {
    if (virtual != null) {
      virtual.close();
    }
    if (virtualEtcd != null) {
      virtualEtcd.close();
    }
    if (kubelet != null) {
      kubelet.close();
    }
  }

  @Test
  void logsOfAVirtualPodAreTheHostPods() throws Exception {
    Result logs = tenant.run("logs", "web", "--tail=1");
    assertEquals(0, logs.exitCode(), logs.stderr());
    assertTrue(logs.out().matches("line \\d+ from app in web-x-default-x-vc"), logs.out());
  }

  @Test
  void execOnAVirtualPodRunsInTheHostPod() throws Exception {
    Result exec = tenant.run("exec", "web", "--", "sh", "-c", "echo $HOSTNAME $GREETING");
    assertEquals(0, exec.exitCode(), exec.stderr());
    assertEquals("web-x-default-x-vc hello-app\n", exec.stdout());
    Result failed = tenant.run("exec", "web", "--", "sh", "-c", "exit 7");
    assertEquals(7, failed.exitCode());
  }

  /** kubectl 1.27's SPDY exec crosses both API servers (POST upgrades spliced twice) to the kubelet. */
  @Test
  void spdyExecOnAVirtualPodRunsInTheHostPod() throws Exception {
    Path old = Path.of("/usr/lib/google-cloud-sdk/bin/kubectl.1.27");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(old), "kubectl 1.27 present");
    Kubectl k = new Kubectl(old, tenant.kubeconfig());
    Result exec = k.runWithInput("from stdin\n", "exec", "-i", "web", "--", "sh", "-c", "cat; echo $HOSTNAME; exit 4");
    assertEquals(4, exec.exitCode(), exec.stderr());
    assertEquals("from stdin\nweb-x-default-x-vc\n", exec.stdout());
  }

  /**
   * Exec on a virtual pod whose host pod is gone: kubectl 1.33's WebSocket upgrade is refused with
   * the host's 404, it falls back to SPDY, which is refused the same way, and the user sees the cause.
   */
  @Test
  void execOnAMissingHostPodShowsTheHostsNotFound() throws Exception {
    Result exec = tenant.run("exec", "ghost", "--", "true");
    assertEquals(1, exec.exitCode());
    assertTrue(exec.stderr().contains("pods \"ghost-x-default-x-vc\" not found"), exec.stderr());
  }

  /**
   * Port-forward on a virtual pod reaches the host pod's port: kubectl 1.33's WebSocket tunnel is
   * unwrapped by the tenant into a SPDY upgrade to the host API (which a real kube-apiserver serves
   * too), spliced there to the kubelet; kubectl 1.27's SPDY POST is spliced by both servers.
   */
  @Test
  void portForwardOnAVirtualPodReachesTheHostPodsPort() throws Exception {
    for (Path binary : Kubectl.binaries()) {
      Kubectl k = new Kubectl(binary, tenant.kubeconfig());
      PortForwards.assertUpgrade(k, PortForwards.roundTrips(k, "default", "web", "-v=6"));
    }
  }

  /**
   * Port-forward on a virtual pod whose host pod is gone: the host refuses the tenant's SPDY upgrade
   * with its 404, which answers kubectl 1.33's WebSocket GET; kubectl retries over SPDY, is refused
   * the same way, and prints the host's cause.
   */
  @Test
  void portForwardToAMissingHostPodShowsTheHostsNotFound() throws Exception {
    Result forward = tenant.run("port-forward", "ghost", "0:8080", "-v=6");

    assertEquals(1, forward.exitCode(), forward.stderr());
    String cause = "pods \"ghost-x-default-x-vc\" not found";
    PortForwards.assertTunnelRefused(forward.stderr(), cause);
    assertTrue(forward.stderr().lines().anyMatch(l -> l.startsWith("error: ") && l.contains(cause)),
        forward.stderr());
  }

  /** The host's answer (its pod is gone) reaches the tenant as the host's status. */
  @Test
  void missingHostPodIsTheHostsNotFound() throws Exception {
    Result logs = tenant.run("logs", "ghost");
    assertEquals(1, logs.exitCode());
    assertEquals("Error from server (NotFound): pods \"ghost-x-default-x-vc\" not found", logs.stderr().trim());
  }
}
