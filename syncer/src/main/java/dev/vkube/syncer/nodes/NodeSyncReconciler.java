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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
  static final String NODE_INDEX = "spec.nodeName";

  private final KubernetesClient virtual;
  private final SharedIndexInformer<Node> virtualNodes;
  private final SharedIndexInformer<Node> hostNodes;
  private final Side<Pod> virtualPods;
  private final Side<Pod> hostPods;
  private final NodeTranslator translator = new NodeTranslator();
  private final Clock clock;
  /** When this syncer last renewed each node's Lease. */
  private final Map<String, Instant> renewed = new ConcurrentHashMap<>();
  /**
   * The host and virtual resourceVersions of each node when its virtual node last matched: every pod
   * event queues its node, and translating and comparing an unchanged node each time cost the syncer
   * as much as its pods (sync-bench profile, issue 6).
   */
  private final Map<String, String> unchanged = new ConcurrentHashMap<>();

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
      renewed.remove(name);
      unchanged.remove(name);
      return Result.done();
    }
    if (current != null && !isOurs(current)) {
      return Result.done(); // a node the tenant made itself: not ours to change
    }
    String versions = versions(name, current);
    if (versions != null && versions.equals(unchanged.get(name))) {
      return Result.after(renewLeaseIfDue(name)); // compared already: neither node has changed since
    }
    Node desired = desired(name);
    if (current == null) {
      renewed.remove(name); // a new node (or one deleted meanwhile) gets its Lease at once
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
    } else if (versions != null) {
      unchanged.put(name, versions);
    }
    return Result.after(renewLeaseIfDue(name));
  }

  /**
   * Renews the node's Lease when {@link #RENEW} has passed since this syncer last did, and says when
   * the next renewal is due. Every pod event on a node queues it, so renewing on every reconcile cost
   * a Lease GET and PUT per pod event (0.73 of each per pod in sync-bench), not one per 10 s.
   */
  private Duration renewLeaseIfDue(String name) {
    Instant now = Instant.now(clock);
    Instant last = renewed.get(name);
    if (last != null && now.isBefore(last.plus(RENEW))) {
      return Duration.between(now, last.plus(RENEW));
    }
    renewLease(name);
    renewed.put(name, now);
    return RENEW;
  }

  /** The host node's and the virtual node's resourceVersions, or null without a virtual node. */
  private String versions(String name, Node current) {
    if (current == null) {
      return null;
    }
    Node host = hostNodes == null ? null : hostNodes.getStore().getByKey(name);
    return (host == null ? "" : host.getMetadata().getResourceVersion()) + "/"
        + current.getMetadata().getResourceVersion();
  }

  /** Whether a tenant pod runs (or is bound) there: our host pods, or virtual pods bound to it. */
  public boolean used(String node) {
    return !hostPods.informer().getIndexer().byIndex(NODE_INDEX, node).isEmpty()
        || !virtualPods.informer().getIndexer().byIndex(NODE_INDEX, node).isEmpty();
  }

  /**
   * Indexes pods by node name; both pod informers get it before they start. Each pod event queues its
   * node, and scanning every pod of both sides per node reconcile made nodes cost O(pods) per pod.
   */
  public static void indexByNode(SharedIndexInformer<Pod> pods) {
    pods.addIndexers(Map.of(NODE_INDEX, p -> p.getSpec() == null || p.getSpec().getNodeName() == null
        || p.getSpec().getNodeName().isEmpty() ? List.of() : List.of(p.getSpec().getNodeName())));
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
