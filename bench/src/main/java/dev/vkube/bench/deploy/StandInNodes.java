package dev.vkube.bench.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Registers Nodes as kubelets do (the Node, then its status with capacity and Ready, then a Lease in
 * kube-node-lease) and renews the leases every 10 s (the kubelet's default renew interval), so the
 * node lifecycle controller keeps them Ready for the whole run and never taints or evicts.
 */
final class StandInNodes implements AutoCloseable {
  static final String LEASE_NAMESPACE = "kube-node-lease";
  static final String NAME_PREFIX = "bench-node-";
  private static final long RENEW_SECONDS = 10;
  private static final int LEASE_DURATION_SECONDS = 40;
  /** metav1.MicroTime's wire format. */
  private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
      .withZone(ZoneOffset.UTC);
  private final Cluster cluster;
  private final List<String> names = new ArrayList<>();
  private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "stand-in-node-leases");
    t.setDaemon(true);
    return t;
  });

  StandInNodes(Cluster cluster) {
    this.cluster = cluster;
  }

  List<String> register(int count) {
    for (int i = 0; i < count; i++) {
      String name = NAME_PREFIX + i;
      cluster.post("/api/v1/nodes", node(name)).orThrow("create node " + name);
      ObjectNode current = (ObjectNode) cluster.get("/api/v1/nodes/" + name).orThrow("get node").body();
      current.set("status", nodeStatus(i));
      cluster.put("/api/v1/nodes/" + name + "/status", current).orThrow("node status " + name);
      cluster.post("/apis/coordination.k8s.io/v1/namespaces/" + LEASE_NAMESPACE + "/leases", lease(name))
          .orThrow("create lease " + name);
      names.add(name);
    }
    renewer.scheduleWithFixedDelay(this::renewAll, RENEW_SECONDS, RENEW_SECONDS, TimeUnit.SECONDS);
    return List.copyOf(names);
  }

  private void renewAll() {
    for (String name : names) {
      try {
        String path = "/apis/coordination.k8s.io/v1/namespaces/" + LEASE_NAMESPACE + "/leases/" + name;
        ObjectNode lease = (ObjectNode) cluster.get(path).orThrow("get lease").body();
        lease.with("spec").put("renewTime", MICRO_TIME.format(Instant.now()));
        cluster.put(path, lease);
      } catch (RuntimeException e) {
        System.err.println("deploy-bench: lease renewal failed for " + name + ": " + e.getMessage());
      }
    }
  }

  /** The InternalIP of a stand-in node (the pods' hostIP). */
  static String address(String nodeName) {
    return "10.0.0." + (10 + Integer.parseInt(nodeName.substring(NAME_PREFIX.length())));
  }

  private static ObjectNode node(String name) {
    ObjectNode node = Cluster.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Node");
    node.putObject("metadata").put("name", name).putObject("labels").put("kubernetes.io/hostname", name)
        .put("kubernetes.io/os", "linux");
    return node;
  }

  private static ObjectNode nodeStatus(int index) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    ObjectNode status = Cluster.JSON.createObjectNode();
    for (String field : List.of("capacity", "allocatable")) {
      status.putObject(field).put("cpu", "64").put("memory", "256Gi").put("pods", "1100");
    }
    status.putArray("conditions").addObject().put("type", "Ready").put("status", "True")
        .put("reason", "KubeletReady").put("message", "kubelet is posting ready status")
        .put("lastHeartbeatTime", now).put("lastTransitionTime", now);
    status.putArray("addresses").addObject().put("type", "InternalIP").put("address", address(NAME_PREFIX + index));
    return status;
  }

  private static ObjectNode lease(String name) {
    ObjectNode lease = Cluster.JSON.createObjectNode().put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
    lease.putObject("metadata").put("name", name);
    lease.putObject("spec").put("holderIdentity", name).put("leaseDurationSeconds", LEASE_DURATION_SECONDS)
        .put("renewTime", MICRO_TIME.format(Instant.now()));
    return lease;
  }

  @Override
  public void close() {
    renewer.shutdownNow();
  }
}
