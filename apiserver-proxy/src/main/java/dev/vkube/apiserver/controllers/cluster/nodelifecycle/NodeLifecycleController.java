package dev.vkube.apiserver.controllers.cluster.nodelifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.controllers.cluster.Conditions;
import dev.vkube.apiserver.controllers.cluster.Gvr;
import dev.vkube.apiserver.controllers.cluster.StoreClient;
import dev.vkube.apiserver.registry.DeleteOptions;
import dev.vkube.apiserver.registry.Informers;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.controller.Controller;
import dev.vkube.controller.Result;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The node lifecycle controller (pkg/controller/nodelifecycle): a node is alive while its Lease in
 * kube-node-lease (or its Ready heartbeat) is younger than the grace period; past it, its conditions
 * turn Unknown. Ready=Unknown brings the {@code node.kubernetes.io/unreachable} taints and Ready=False
 * the not-ready ones (NoSchedule and NoExecute); pods on the node that do not tolerate a NoExecute
 * taint are deleted, at once or after their tolerationSeconds (the taint eviction controller).
 */
public final class NodeLifecycleController implements AutoCloseable {
  public static final String NAME = "node-lifecycle-controller";
  static final String LEASE_NAMESPACE = "kube-node-lease";
  private static final List<String> CONDITIONS = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");

  private final NodeLifecycleOptions options;
  private final StoreClient client;
  private final ObjectCache nodes;
  private final ObjectCache leases;
  private final ObjectCache pods;
  private final PodsByNode podsByNode;
  private final Clock clock;
  private final Controller<String> controller;

  public NodeLifecycleController(Informers informers, Clock clock, NodeLifecycleOptions options) {
    this.options = options;
    this.client = new StoreClient(informers, NAME);
    this.nodes = client.cache(Gvr.NODES);
    this.leases = client.cache(Gvr.LEASES);
    this.pods = client.cache(Gvr.PODS);
    this.podsByNode = new PodsByNode(pods);
    this.clock = clock;
    this.controller = new Controller<>(NAME, this::reconcile, 1, options.monitorPeriod(),
        () -> nodes.list(null).stream().map(Meta::name).toList(), clock);
  }

  public NodeLifecycleController start() {
    podsByNode.start();
    nodes.addListener((type, node) -> controller.enqueue(Meta.name(node)));
    leases.addListener((type, lease) -> {
      if (LEASE_NAMESPACE.equals(Meta.namespace(lease))) {
        controller.enqueue(Meta.name(lease));
      }
    });
    // A pod matters only on a node with NoExecute taints (the taint eviction controller's podUpdated):
    // on a healthy node, every pod write would otherwise cost a reconcile of its node.
    pods.addListener((type, pod) -> {
      String node = pod.path("spec").path("nodeName").asText("");
      if (!node.isEmpty() && hasNoExecuteTaint(nodes.get(null, node))) {
        controller.enqueue(node);
      }
    });
    nodes.list(null).forEach(n -> controller.enqueue(Meta.name(n)));
    controller.start();
    return this;
  }

  Result reconcile(String name) {
    if (!nodes.synced() || !leases.synced() || !pods.synced()) {
      return Result.after(Duration.ofMillis(200));
    }
    ObjectNode node = nodes.get(null, name);
    if (node == null) {
      return Result.done();
    }
    Instant now = clock.instant();
    Instant lastSeen = lastSeen(node);
    boolean stale = Duration.between(lastSeen, now).compareTo(options.gracePeriod()) > 0;
    if (stale) {
      node = markUnknown(node, now);
    }
    node = applyTaints(node, now);
    Optional<Instant> nextEviction = evictPods(node, now);
    Duration untilStale = stale ? options.monitorPeriod() : Duration.between(now, lastSeen.plus(options
        .gracePeriod())).plusMillis(100);
    return Result.after(nextEviction.map(at -> min(Duration.between(now, at), untilStale)).orElse(untilStale));
  }

  /** The latest sign of life: lease renewal, Ready heartbeat, or (never heard of) its creation. */
  private Instant lastSeen(ObjectNode node) {
    Instant seen = parse(node.path("metadata").path("creationTimestamp"));
    seen = later(seen, parse(Conditions.find(node.path("status").path("conditions"), "Ready")
        .path("lastHeartbeatTime")));
    ObjectNode lease = leases.get(LEASE_NAMESPACE, Meta.name(node));
    return lease == null ? seen : later(seen, parse(lease.path("spec").path("renewTime")));
  }

  /** tryUpdateNodeHealth: every kubelet-owned condition becomes Unknown, heartbeats kept. */
  private ObjectNode markUnknown(ObjectNode node, Instant now) {
    boolean allUnknown = CONDITIONS.stream().allMatch(t -> "Unknown".equals(Conditions.find(node.path("status")
        .path("conditions"), t).path("status").asText()));
    if (allUnknown) {
      return node;
    }
    return client.updateStatus(Gvr.NODES, null, Meta.name(node), current -> {
      ArrayNode conditions = current.with("status").withArray("conditions");
      for (String type : CONDITIONS) {
        boolean never = Conditions.find(conditions, type).isMissingNode();
        Conditions.set(conditions, type, "Unknown", never ? "NodeStatusNeverUpdated" : "NodeStatusUnknown",
            never ? "Kubelet never posted node status." : "Kubelet stopped posting node status.", now);
      }
      return current;
    }).orElse(node);
  }

  /** The unreachable / not-ready taints follow the Ready condition (NoSchedule and NoExecute). */
  private ObjectNode applyTaints(ObjectNode node, Instant now) {
    String ready = Conditions.find(node.path("status").path("conditions"), "Ready").path("status").asText("");
    String wanted = switch (ready) {
      case "Unknown" -> Taints.UNREACHABLE;
      case "False" -> Taints.NOT_READY;
      default -> null;
    };
    ArrayNode desired = node.arrayNode();
    for (JsonNode taint : node.path("spec").path("taints")) {
      String key = taint.path("key").asText();
      if (!(key.equals(Taints.UNREACHABLE) || key.equals(Taints.NOT_READY)) || key.equals(wanted)) {
        desired.add(taint);
      }
    }
    if (wanted != null) {
      for (String effect : List.of(Taints.NO_SCHEDULE, Taints.NO_EXECUTE)) {
        if (!has(desired, wanted, effect)) {
          ObjectNode taint = desired.addObject().put("key", wanted).put("effect", effect);
          if (effect.equals(Taints.NO_EXECUTE)) {
            taint.put("timeAdded", Meta.timestamp(now));
          }
        }
      }
    }
    if (desired.equals(node.path("spec").path("taints")) || (desired.isEmpty() && !node.path("spec").has("taints"))) {
      return node;
    }
    return client.update(Gvr.NODES, null, Meta.name(node), current -> {
      current.with("spec").set("taints", desired);
      return current;
    }).orElse(node);
  }

  private static boolean hasNoExecuteTaint(ObjectNode node) {
    if (node == null) {
      return false;
    }
    for (JsonNode taint : node.path("spec").path("taints")) {
      if (Taints.NO_EXECUTE.equals(taint.path("effect").asText())) {
        return true;
      }
    }
    return false;
  }

  /** Deletes the pods whose eviction time has come; returns the next such time. */
  private Optional<Instant> evictPods(ObjectNode node, Instant now) {
    if (!hasNoExecuteTaint(node)) {
      return Optional.empty();
    }
    JsonNode taints = node.path("spec").path("taints");
    Instant next = null;
    for (ObjectNode pod : podsByNode.on(Meta.name(node))) {
      if (Meta.deleting(pod)) {
        continue;
      }
      Optional<Instant> at = Taints.evictionTime(pod, taints, now);
      if (at.isPresent() && !at.get().isAfter(now)) {
        evict(pod, now);
      } else if (at.isPresent()) {
        next = next == null || at.get().isBefore(next) ? at.get() : next;
      }
    }
    return Optional.ofNullable(next);
  }

  /** The taint manager marks the pod DisruptionTarget before deleting it (KEP-3329). */
  private void evict(ObjectNode pod, Instant now) {
    client.updateStatus(Gvr.PODS, Meta.namespace(pod), Meta.name(pod), current -> {
      Conditions.set(current.with("status").withArray("conditions"), "DisruptionTarget", "True",
          "DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint", now);
      return current;
    });
    client.delete(Gvr.PODS, Meta.namespace(pod), Meta.name(pod), new DeleteOptions(null, null,
        new dev.vkube.apiserver.storage.Preconditions(Meta.uid(pod), null), false));
  }

  private static boolean has(JsonNode taints, String key, String effect) {
    for (JsonNode t : taints) {
      if (key.equals(t.path("key").asText()) && effect.equals(t.path("effect").asText())) {
        return true;
      }
    }
    return false;
  }

  private static Instant parse(JsonNode time) {
    return time.isTextual() ? Instant.parse(time.asText()) : Instant.EPOCH;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  @Override
  public void close() {
    controller.close();
  }
}
