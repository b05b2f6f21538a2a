package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.controller.Reconciler;
import dev.vkube.controller.Result;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pod per eligible node for each DaemonSet (pkg/controller/daemon): created with generateName
 * "&lt;ds&gt;-", pinned to its node by required node affinity on metadata.name as upstream does (the
 * scheduler binds it), removed from nodes it no longer fits; RollingUpdate replaces old-revision pods
 * within maxUnavailable.
 */
final class DaemonSetReconciler implements Reconciler<String> {
  static final String TEMPLATE_GENERATION_LABEL = "pod-template-generation";

  private final WorkloadClient client;
  private final ObjectCache daemonSets;
  private final ObjectCache nodes;
  private final OwnedIndex pods;
  private final ControllerRevisions revisions;
  private final Expectations expectations;
  private final Clock clock;

  DaemonSetReconciler(WorkloadClient client, OwnedIndex pods, ControllerRevisions revisions, Clock clock) {
    this.client = client;
    this.daemonSets = client.cache(Kind.DAEMON_SET);
    this.nodes = client.cache(Kind.NODE);
    this.pods = pods;
    this.revisions = revisions;
    this.expectations = new Expectations(client.cache(Kind.POD), clock);
    this.clock = clock;
  }

  @Override
  public Result reconcile(String key) {
    ObjectNode ds = daemonSets.get(Keys.namespace(key), Keys.name(key));
    if (ds == null || Meta.deleting(ds)) {
      expectations.forget(key);
      return Result.done();
    }
    List<ObjectNode> history = revisions.owned(ds);
    ObjectNode update = revisions.current(Kind.DAEMON_SET, ds, history);
    String hash = update.path("metadata").path("labels").path(ControllerRevisions.HASH_LABEL).asText();
    ObjectNode podSpec = ds.path("spec").path("template").path("spec").deepCopy();
    NodeEligibility.addDaemonTolerations(podSpec);
    Map<String, List<ObjectNode>> byNode = new HashMap<>();
    for (ObjectNode pod : pods.owned(Meta.uid(ds))) {
      if (!Meta.deleting(pod)) {
        byNode.computeIfAbsent(targetNode(pod), n -> new ArrayList<>()).add(pod);
      }
    }
    List<JsonNode> eligible = nodes.list(null).stream().filter(n -> NodeEligibility.shouldRun(n, podSpec))
        .map(n -> (JsonNode) n).toList();
    if (expectations.satisfied(key)) {
      manage(key, ds, hash, eligible, byNode);
    }
    writeStatus(ds, hash, eligible, byNode);
    revisions.truncate(ds, revisions.owned(ds), Set.of(Meta.name(update)));
    return Result.done();
  }

  /** GetTargetNodeName: the bound node, or the one the affinity pins the pod to. */
  static String targetNode(JsonNode pod) {
    String bound = pod.path("spec").path("nodeName").asText("");
    if (!bound.isEmpty()) {
      return bound;
    }
    for (JsonNode term : pod.path("spec").path("affinity").path("nodeAffinity")
        .path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms")) {
      for (JsonNode field : term.path("matchFields")) {
        if ("metadata.name".equals(field.path("key").asText()) && field.path("values").size() == 1) {
          return field.path("values").get(0).asText();
        }
      }
    }
    return "";
  }

  private void manage(String key, ObjectNode ds, String hash, List<JsonNode> eligible,
      Map<String, List<ObjectNode>> byNode) {
    Map<String, List<ObjectNode>> misplaced = new HashMap<>(byNode);
    for (JsonNode node : eligible) {
      List<ObjectNode> here = misplaced.remove(Meta.name(node));
      List<ObjectNode> running = here == null ? List.of() : here.stream().filter(p -> {
        if ("Failed".equals(Pods.phase(p))) {
          delete(key, p);
          return false;
        }
        return true;
      }).sorted(java.util.Comparator.comparing(p -> p.path("metadata").path("creationTimestamp").asText())).toList();
      if (running.isEmpty()) {
        create(key, ds, hash, Meta.name(node));
      }
      running.stream().skip(1).forEach(p -> delete(key, p));
    }
    misplaced.values().forEach(list -> list.forEach(p -> delete(key, p)));
    rollingUpdate(key, ds, hash, eligible, byNode);
  }

  /** rollingUpdate: old pods go, unavailable ones first, while no more than maxUnavailable nodes lack one. */
  private void rollingUpdate(String key, ObjectNode ds, String hash, List<JsonNode> eligible,
      Map<String, List<ObjectNode>> byNode) {
    JsonNode strategy = ds.path("spec").path("updateStrategy");
    if (!"RollingUpdate".equals(strategy.path("type").asText("RollingUpdate"))) {
      return;
    }
    int maxUnavailable = Math.max(1, IntOrPercent.scaled(strategy.path("rollingUpdate").path("maxUnavailable"),
        eligible.size(), true, 1));
    int minReady = ds.path("spec").path("minReadySeconds").asInt(0);
    int unavailable = 0;
    List<ObjectNode> oldAvailable = new ArrayList<>();
    for (JsonNode node : eligible) {
      List<ObjectNode> here = byNode.getOrDefault(Meta.name(node), List.of());
      ObjectNode pod = here.isEmpty() ? null : here.get(0);
      boolean available = pod != null && Pods.available(pod, minReady, clock.instant());
      if (!available) {
        unavailable++;
      }
      if (pod != null && !hash.equals(pod.path("metadata").path("labels").path(StatefulSetReconciler.REVISION_LABEL)
          .asText())) {
        if (available) {
          oldAvailable.add(pod);
        } else {
          delete(key, pod);
        }
      }
    }
    for (ObjectNode pod : oldAvailable) {
      if (unavailable >= maxUnavailable) {
        return;
      }
      delete(key, pod);
      unavailable++;
    }
  }

  private void create(String key, ObjectNode ds, String hash, String node) {
    ObjectNode pod = Pods.fromTemplate(ds.path("spec").path("template"), Kind.DAEMON_SET, ds);
    Meta.metadata(pod).put("generateName", Meta.name(ds) + "-");
    Pods.labels(pod).put(StatefulSetReconciler.REVISION_LABEL, hash);
    Pods.labels(pod).put(TEMPLATE_GENERATION_LABEL, Long.toString(ds.path("metadata").path("generation").asLong()));
    ObjectNode spec = pod.with("spec");
    NodeEligibility.addDaemonTolerations(spec);
    ObjectNode requirement = JsonNodeFactory.instance.objectNode();
    requirement.put("key", "metadata.name").put("operator", "In").putArray("values").add(node);
    ObjectNode nodeAffinity = spec.with("affinity").with("nodeAffinity");
    nodeAffinity.with("requiredDuringSchedulingIgnoredDuringExecution").putArray("nodeSelectorTerms").addObject()
        .putArray("matchFields").add(requirement);
    expectations.created(key, Keys.of(client.create(Kind.POD, Meta.namespace(ds), pod)));
  }

  private void delete(String key, ObjectNode pod) {
    expectations.deleted(key, Keys.of(pod), Meta.uid(pod));
    client.delete(Kind.POD, Meta.namespace(pod), Meta.name(pod), Meta.uid(pod), null);
  }

  private void writeStatus(ObjectNode ds, String hash, List<JsonNode> eligible, Map<String, List<ObjectNode>> byNode) {
    int minReady = ds.path("spec").path("minReadySeconds").asInt(0);
    Set<String> eligibleNames = new java.util.HashSet<>();
    eligible.forEach(n -> eligibleNames.add(Meta.name(n)));
    int scheduled = 0;
    int ready = 0;
    int available = 0;
    int updated = 0;
    for (String node : eligibleNames) {
      List<ObjectNode> here = byNode.getOrDefault(node, List.of());
      if (here.isEmpty()) {
        continue;
      }
      ObjectNode pod = here.get(0);
      scheduled++;
      ready += Pods.ready(pod) ? 1 : 0;
      available += Pods.available(pod, minReady, clock.instant()) ? 1 : 0;
      updated += hash.equals(pod.path("metadata").path("labels").path(StatefulSetReconciler.REVISION_LABEL).asText())
          ? 1 : 0;
    }
    int misscheduled = (int) byNode.keySet().stream().filter(n -> !eligibleNames.contains(n)).count();
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("currentNumberScheduled", scheduled);
    status.put("numberMisscheduled", misscheduled);
    status.put("desiredNumberScheduled", eligibleNames.size());
    status.put("numberReady", ready);
    ReplicaSetReconciler.putPositive(status, "observedGeneration", ds.path("metadata").path("generation").asLong());
    ReplicaSetReconciler.putPositive(status, "updatedNumberScheduled", updated);
    ReplicaSetReconciler.putPositive(status, "numberAvailable", available);
    ReplicaSetReconciler.putPositive(status, "numberUnavailable", eligibleNames.size() - available);
    if (!status.equals(ds.path("status"))) {
      client.updateStatus(Kind.DAEMON_SET, ds, status);
    }
  }
}
