package dev.vkube.e2e.sim;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The simulated nodes: registered as Node objects with a Ready condition, capacity, and the address
 * and port of their kubelet API ({@link KubeletApi}), and kept alive by renewing their Lease in kube-node-lease every {@link #RENEW} as the
 * kubelet does (the host's node lifecycle controller would otherwise taint them unreachable and
 * evict their pods; kubelet's default lease duration is 40 s, renewed every 10 s).
 */
public final class SimNodes implements AutoCloseable {
  static final Duration RENEW = Duration.ofSeconds(10);
  static final int LEASE_SECONDS = 40;
  static final String LEASE_NAMESPACE = "kube-node-lease";
  /**
   * Every node's InternalIP: one kubelet API in this process, on loopback, serves the pods of all of
   * them, and the host API server dials a node's InternalIP and status.daemonEndpoints.kubeletEndpoint
   * port for pods/log and exec (its KubeletTarget, after kubelet_client.go GetConnectionInfo).
   */
  static final String ADDRESS = "127.0.0.1";

  private final KubernetesClient host;
  private final List<String> names;
  private final int kubeletPort;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sim-node-lease");
    t.setDaemon(true);
    return t;
  });

  private SimNodes(KubernetesClient host, List<String> names, int kubeletPort) {
    this.host = host;
    this.names = names;
    this.kubeletPort = kubeletPort;
  }

  /**
   * Registers {@code count} nodes named {@code prefix1..prefixN}, whose kubelet API listens on
   * {@code kubeletPort} of {@link #ADDRESS}, and starts renewing their leases. A node that exists
   * already (a restarted simulator) gets the new port.
   */
  public static SimNodes register(KubernetesClient host, String prefix, int count, int kubeletPort) {
    SimNodes nodes = new SimNodes(host, IntStream.rangeClosed(1, count).mapToObj(i -> prefix + i).toList(),
        kubeletPort);
    nodes.names.forEach(nodes::registerNode);
    nodes.renewLeases();
    nodes.timer.scheduleWithFixedDelay(nodes::renewLeases, RENEW.toMillis(), RENEW.toMillis(),
        TimeUnit.MILLISECONDS);
    return nodes;
  }

  public List<String> names() {
    return names;
  }

  /** The node's InternalIP (its pods' hostIP). */
  public String internalIp(String node) {
    return ADDRESS;
  }

  private void registerNode(String name) {
    String now = now();
    Node node = new NodeBuilder().withNewMetadata().withName(name)
        .withLabels(Map.of("kubernetes.io/hostname", name, "kubernetes.io/os", "linux",
            "kubernetes.io/arch", "amd64", "node.kubernetes.io/instance-type", "sim"))
        .endMetadata()
        .withNewSpec().endSpec()
        .withNewStatus()
        .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
        .withMessage("kubelet is posting ready status").withLastHeartbeatTime(now).withLastTransitionTime(now)
        .endCondition()
        .addNewAddress().withType("InternalIP").withAddress(internalIp(name)).endAddress()
        .addNewAddress().withType("Hostname").withAddress(name).endAddress()
        .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(kubeletPort).endKubeletEndpoint()
        .endDaemonEndpoints()
        .withCapacity(Map.of("cpu", new Quantity("8"), "memory", new Quantity("32Gi"), "pods", new Quantity("250")))
        .withAllocatable(Map.of("cpu", new Quantity("8"), "memory", new Quantity("32Gi"), "pods",
            new Quantity("250")))
        .withNewNodeInfo().withKubeletVersion("v1.33.0-sim").withOperatingSystem("linux").withArchitecture("amd64")
        .withContainerRuntimeVersion("sim://1.0").withOsImage("vkube simulated node").withKernelVersion("sim")
        .withKubeProxyVersion("").withMachineID(name).withSystemUUID(name).withBootID(name).endNodeInfo()
        .endStatus().build();
    try {
      host.nodes().resource(node).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
    // Status is a subresource: write it separately (the create drops it, as on any API server).
    host.nodes().withName(name).editStatus(n -> {
      n.setStatus(node.getStatus());
      return n;
    });
  }

  private void renewLeases() {
    for (String name : names) {
      try {
        renew(name);
      } catch (RuntimeException e) {
        // The next renewal retries; a missed one is within the 40 s lease.
      }
    }
  }

  private void renew(String name) {
    var leases = host.leases().inNamespace(LEASE_NAMESPACE);
    Lease current = leases.withName(name).get();
    if (current == null) {
      leases.resource(new LeaseBuilder().withNewMetadata().withName(name).withNamespace(LEASE_NAMESPACE)
          .endMetadata().withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(LEASE_SECONDS)
          .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC)).endSpec().build()).create();
    } else {
      current.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
      leases.resource(current).update();
    }
  }

  private static String now() {
    return java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
