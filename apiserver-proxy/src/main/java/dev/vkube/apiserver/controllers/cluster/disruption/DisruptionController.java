package dev.vkube.apiserver.controllers.cluster.disruption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.controllers.cluster.Conditions;
import dev.vkube.apiserver.controllers.cluster.Gvr;
import dev.vkube.apiserver.controllers.cluster.ObjectKey;
import dev.vkube.apiserver.controllers.cluster.StoreClient;
import dev.vkube.apiserver.registry.Informers;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.controller.Controller;
import dev.vkube.controller.Result;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The disruption controller (pkg/controller/disruption): keeps each PodDisruptionBudget's status
 * (expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed, observedGeneration, the
 * DisruptionAllowed condition) from the pods it selects and their controllers' scale, and forgets
 * evictions in status.disruptedPods once the pod is deleting or the timeout passed.
 */
public final class DisruptionController implements AutoCloseable {
  public static final String NAME = "disruption-controller";
  static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);
  static final Duration RESYNC = Duration.ofSeconds(30);
  private static final List<Gvr> SCALED = List.of(Gvr.REPLICA_SETS, Gvr.DEPLOYMENTS, Gvr.STATEFUL_SETS,
      Gvr.REPLICATION_CONTROLLERS);

  private final StoreClient client;
  private final ObjectCache pdbs;
  private final ObjectCache pods;
  private final Map<String, ObjectCache> controllers = new HashMap<>();
  private final Clock clock;
  private final Controller<ObjectKey> controller;

  public DisruptionController(Informers informers, Clock clock) {
    this.client = new StoreClient(informers, NAME);
    this.pdbs = client.cache(Gvr.PDBS);
    this.pods = client.cache(Gvr.PODS);
    SCALED.forEach(g -> controllers.put(g.resource(), client.cache(g)));
    this.clock = clock;
    this.controller = new Controller<>(NAME, this::reconcile, 2, RESYNC,
        () -> pdbs.list(null).stream().map(ObjectKey::of).toList(), clock);
  }

  public DisruptionController start() {
    pdbs.addListener((type, pdb) -> controller.enqueue(ObjectKey.of(pdb)));
    pods.addListener((type, pod) -> enqueueNamespace(Meta.namespace(pod)));
    controllers.values().forEach(c -> c.addListener((type, o) -> enqueueNamespace(Meta.namespace(o))));
    pdbs.list(null).forEach(p -> controller.enqueue(ObjectKey.of(p)));
    controller.start();
    return this;
  }

  private void enqueueNamespace(String namespace) {
    pdbs.list(namespace).forEach(p -> controller.enqueue(ObjectKey.of(p)));
  }

  Result reconcile(ObjectKey key) {
    if (!pdbs.synced() || !pods.synced() || !controllers.values().stream().allMatch(ObjectCache::synced)) {
      return Result.after(Duration.ofMillis(200));
    }
    ObjectNode pdb = pdbs.get(key.namespace(), key.name());
    if (pdb == null) {
      return Result.done();
    }
    ObjectNode status = desiredStatus(pdb, clock.instant());
    if (!status.equals(pdb.path("status"))) {
      client.updateStatus(Gvr.PDBS, key.namespace(), key.name(), current -> {
        current.set("status", desiredStatus(current, clock.instant()));
        return current;
      });
    }
    return pdb.path("status").path("disruptedPods").size() > 0 ? Result.after(DELETION_TIMEOUT) : Result.done();
  }

  ObjectNode desiredStatus(ObjectNode pdb, Instant now) {
    List<JsonNode> selected = PodHealth.selected(pdb, pods.list(Meta.namespace(pdb)));
    ObjectNode status = pdb.path("status").isObject() ? (ObjectNode) pdb.path("status").deepCopy()
        : pdb.objectNode();
    ObjectNode disrupted = liveDisruptions(status.path("disruptedPods"), selected, now);
    int healthy = (int) selected.stream().filter(p -> PodHealth.healthy(p, disrupted, now, DELETION_TIMEOUT)).count();
    Budget budget = Budget.compute(pdb.path("spec"), selected.size(), scaleOf(selected), healthy);
    long generation = pdb.path("metadata").path("generation").asLong(0);
    status.put("observedGeneration", generation);
    status.set("disruptedPods", disrupted);
    status.put("disruptionsAllowed", budget.disruptionsAllowed()).put("currentHealthy", budget.currentHealthy())
        .put("desiredHealthy", budget.desiredHealthy()).put("expectedPods", budget.expectedPods());
    boolean allowed = budget.disruptionsAllowed() > 0;
    var conditions = status.withArray("conditions");
    Conditions.set(conditions, "DisruptionAllowed", allowed ? "True" : "False",
        allowed ? "SufficientPods" : "InsufficientPods", "", now);
    ((ObjectNode) Conditions.find(conditions, "DisruptionAllowed")).put("observedGeneration", generation);
    return status;
  }

  /** Evictions still pending: the pod exists, is not deleting yet, and the timeout has not passed. */
  private static ObjectNode liveDisruptions(JsonNode disruptedPods, List<JsonNode> selected, Instant now) {
    ObjectNode kept = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    for (JsonNode pod : selected) {
      JsonNode at = disruptedPods.path(Meta.name(pod));
      if (at.isTextual() && !Meta.deleting(pod) && Instant.parse(at.asText()).plus(DELETION_TIMEOUT).isAfter(now)) {
        kept.set(Meta.name(pod), at);
      }
    }
    return kept;
  }

  /** The summed replicas of the pods' controllers (disruption.go finders: Deployment via ReplicaSet). */
  private int scaleOf(List<JsonNode> selected) {
    Map<String, Integer> scales = new HashMap<>();
    for (JsonNode pod : selected) {
      JsonNode ref = controllerRef(pod);
      if (ref == null) {
        continue;
      }
      ObjectNode owner = owner(Meta.namespace(pod), ref);
      if (owner != null && "ReplicaSet".equals(ref.path("kind").asText()) && controllerRef(owner) != null
          && "Deployment".equals(controllerRef(owner).path("kind").asText())) {
        owner = owner(Meta.namespace(pod), controllerRef(owner));
      }
      if (owner != null) {
        scales.put(Meta.uid(owner), owner.path("spec").path("replicas").asInt(1));
      }
    }
    return scales.values().stream().mapToInt(Integer::intValue).sum();
  }

  private ObjectNode owner(String namespace, JsonNode ref) {
    String resource = switch (ref.path("kind").asText()) {
      case "ReplicaSet" -> "replicasets";
      case "Deployment" -> "deployments";
      case "StatefulSet" -> "statefulsets";
      case "ReplicationController" -> "replicationcontrollers";
      default -> null;
    };
    ObjectNode owner = resource == null ? null : controllers.get(resource).get(namespace, ref.path("name").asText());
    return owner != null && ref.path("uid").asText().equals(Meta.uid(owner)) ? owner : null;
  }

  static JsonNode controllerRef(JsonNode object) {
    for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)) {
        return ref;
      }
    }
    return null;
  }

  @Override
  public void close() {
    controller.close();
  }
}
