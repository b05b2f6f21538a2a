package dev.vkube.syncer.nodes;

import dev.vkube.controller.Reconciler;
import dev.vkube.controller.Result;
import dev.vkube.syncer.sync.Side;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Nodes up, keyed by node name (vCluster's nodes syncer): a virtual node exists while a tenant pod runs
 * on the host node of that name (a host pod of ours, or a virtual pod bound to it), and is removed
 * when none does. The syncer is the virtual node's kubelet: it renews the node's Lease in
 * kube-node-lease every {@link #RENEW}, so the virtual cluster's node lifecycle controller sees the node
 * alive exactly as long as the syncer runs (kubelet: 40 s lease renewed every 10 s).
 */
public final class NodeSyncReconciler implements Reconciler<String> {
  public static final Duration RENEW = Duration.ofSeconds(10);
  static final int LEASE_SECONDS = 40;
  static final String LEASE_NAMESPACE = "kube-node-lease";

  private final KubernetesClient virtual;
  private final SharedIndexInformer<Node> virtualNodes;
  private final SharedIndexInformer<Node> hostNodes;
  private final Side<Pod> virtualPods;
  private final Side<Pod> hostPods;
  private final NodeTranslator translator = new NodeTranslator();
  private final Clock clock;

  /** {@code hostNodes} is null for fake nodes (the syncer then needs no right on host nodes). */
  public NodeSyncReconciler(KubernetesClient virtual, SharedIndexInformer<Node> virtualNodes,
      SharedIndexInformer<Node> hostNodes, Side<Pod> virtualPods, Side<Pod> hostPods, Clock clock) {
    this.virtual = virtual;
    this.virtualNodes = virtualNodes;
    this.hostNodes = hostNodes;
    this.virtualPods = virtualPods;
    this.hostPods = hostPods;
    this.clock = clock;
  }

  @Override
  public Result reconcile(String name) {
    Node current = virtualNodes.getStore().getByKey(name);
    if (!used(name)) {
      if (current != null && isOurs(current)) {
        virtual.nodes().withName(name).delete();
        virtual.leases().inNamespace(LEASE_NAMESPACE).withName(name).delete();
      }
      return Result.done();
    }
    if (current != null && !isOurs(current)) {
      return Result.done(); // a node the tenant made itself: not ours to change
    }
    Node desired = desired(name);
    if (current == null) {
      virtual.nodes().resource(withoutStatus(desired)).create();
      virtual.nodes().withName(name).editStatus(n -> {
        n.setStatus(desired.getStatus());
        return n;
      });
    } else if (translator.differs(desired, current)) {
      current.getMetadata().setLabels(desired.getMetadata().getLabels());
      current.setSpec(desired.getSpec());
      Node updated = virtual.nodes().resource(current).update();
      updated.setStatus(desired.getStatus());
      virtual.nodes().resource(updated).updateStatus();
    }
    renewLease(name);
    return Result.after(RENEW);
  }

  /** Whether a tenant pod runs (or is bound) there: our host pods, or virtual pods bound to it. */
  public boolean used(String node) {
    return hostPods.list().stream().anyMatch(p -> node.equals(p.getSpec().getNodeName()))
        || virtualPods.list().stream().anyMatch(p -> node.equals(p.getSpec().getNodeName()));
  }

  private Node desired(String name) {
    Node host = hostNodes == null ? null : hostNodes.getStore().getByKey(name);
    return host != null ? translator.fromHost(host) : translator.fake(name, now());
  }

  private static Node withoutStatus(Node node) {
    Node copy = new io.fabric8.kubernetes.api.model.NodeBuilder(node).build();
    copy.setStatus(null);
    return copy;
  }

  static boolean isOurs(Node node) {
    return node.getMetadata().getLabels() != null
        && "true".equals(node.getMetadata().getLabels().get(NodeTranslator.SYNCED_LABEL));
  }

  private void renewLease(String name) {
    var leases = virtual.leases().inNamespace(LEASE_NAMESPACE);
    ZonedDateTime now = ZonedDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC);
    Lease lease = leases.withName(name).get();
    if (lease == null) {
      leases.resource(new LeaseBuilder().withNewMetadata().withName(name).withNamespace(LEASE_NAMESPACE).endMetadata()
          .withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(LEASE_SECONDS).withRenewTime(now)
          .endSpec().build()).create();
    } else {
      lease.getSpec().setRenewTime(now);
      leases.resource(lease).update();
    }
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
