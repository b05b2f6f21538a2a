package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.controller.Reconciler;
import dev.vkube.controller.Result;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps spec.replicas active pods for each ReplicaSet and reports their counts
 * (pkg/controller/replicaset/replica_set.go): creates from the template with generateName
 * "&lt;rs&gt;-", deletes the least useful pods first, never acts twice on one observation. Also runs
 * ReplicationControllers, as upstream's replication controller is this code over another kind.
 */
final class ReplicaSetReconciler implements Reconciler<String> {
  /** replica_set.go BurstReplicas: the most pods one sync creates or deletes. */
  static final int BURST_REPLICAS = 500;
  /** controller_utils.go SlowStartInitialBatchSize. */
  static final int SLOW_START_INITIAL_BATCH = 1;

  private final WorkloadClient client;
  private final Kind kind;
  private final ObjectCache replicaSets;
  private final OwnedIndex pods;
  private final Expectations expectations;
  private final Clock clock;

  ReplicaSetReconciler(WorkloadClient client, Kind kind, OwnedIndex pods, Clock clock) {
    this.client = client;
    this.kind = kind;
    this.replicaSets = client.cache(kind);
    this.pods = pods;
    this.expectations = new Expectations(client.cache(Kind.POD), clock);
    this.clock = clock;
  }

  @Override
  public Result reconcile(String key) {
    ObjectNode rs = replicaSets.get(Keys.namespace(key), Keys.name(key));
    if (rs == null) {
      expectations.forget(key);
      return Result.done();
    }
    List<ObjectNode> active = pods.owned(Meta.uid(rs)).stream().filter(Pods::active).toList();
    String failure = null;
    if (expectations.satisfied(key) && !Meta.deleting(rs)) {
      failure = manageReplicas(key, rs, active);
    }
    Result next = updateStatus(rs, active, failure);
    return failure != null ? Result.again() : next;
  }

  /** Creates or deletes pods toward spec.replicas; returns the create failure, if any. */
  private String manageReplicas(String key, ObjectNode rs, List<ObjectNode> active) {
    int diff = active.size() - rs.path("spec").path("replicas").asInt(1);
    if (diff < 0) {
      return createPods(key, rs, Math.min(-diff, BURST_REPLICAS));
    }
    if (diff > 0) {
      active.stream().sorted(Pods.DELETE_FIRST).limit(Math.min(diff, BURST_REPLICAS)).forEach(pod -> {
        expectations.deleted(key, Keys.of(pod), Meta.uid(pod));
        client.delete(Kind.POD, Meta.namespace(pod), Meta.name(pod), Meta.uid(pod), null);
      });
    }
    return null;
  }

  /**
   * Creates {@code count} pods in batches of 1, 2, 4, ... sent concurrently (controller_utils.go
   * slowStartBatch): a template that cannot be admitted fails once, not {@code count} times, and a
   * good one costs a few round trips instead of one per pod. Stops after the first batch with a failure.
   */
  private String createPods(String key, ObjectNode rs, int count) {
    int created = 0;
    for (int batch = Math.min(count, SLOW_START_INITIAL_BATCH); created < count;
        batch = Math.min(2 * batch, count - created)) {
      List<CompletableFuture<ObjectNode>> inFlight = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        ObjectNode pod = Pods.fromTemplate(rs.path("spec").path("template"), kind, rs);
        Meta.metadata(pod).put("generateName", Meta.name(rs) + "-");
        inFlight.add(client.createAsync(Kind.POD, Meta.namespace(rs), pod).toCompletableFuture());
      }
      String failure = null;
      for (CompletableFuture<ObjectNode> create : inFlight) {
        try {
          expectations.created(key, Keys.of(WorkloadClient.await(create)));
        } catch (ApiException e) {
          failure = failure == null ? e.getMessage() : failure;
        }
      }
      if (failure != null) {
        return failure;
      }
      created += batch;
    }
    return null;
  }

  private Result updateStatus(ObjectNode rs, List<ObjectNode> active, String failure) {
    Instant now = clock.instant();
    int minReady = rs.path("spec").path("minReadySeconds").asInt(0);
    JsonNode template = rs.path("spec").path("template");
    int ready = 0;
    int available = 0;
    int labeled = 0;
    for (ObjectNode pod : active) {
      ready += Pods.ready(pod) ? 1 : 0;
      available += Pods.available(pod, minReady, now) ? 1 : 0;
      labeled += Pods.labelsMatchTemplate(pod, template) ? 1 : 0;
    }
    ObjectNode old = rs.path("status").isObject() ? (ObjectNode) rs.get("status") : JsonNodeFactory.instance
        .objectNode();
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("replicas", active.size());
    putPositive(status, "fullyLabeledReplicas", labeled);
    putPositive(status, "readyReplicas", ready);
    putPositive(status, "availableReplicas", available);
    putPositive(status, "observedGeneration", rs.path("metadata").path("generation").asLong());
    if (old.has("conditions")) {
      status.set("conditions", old.get("conditions").deepCopy());
    }
    if (failure != null) {
      Conditions.set(status, "ReplicaFailure", "True", "FailedCreate", failure, now, false);
    } else {
      Conditions.remove(status, "ReplicaFailure");
    }
    if (status.path("conditions").isEmpty()) {
      status.remove("conditions");
    }
    if (!status.equals(old)) {
      client.updateStatus(kind, rs, status);
    }
    // Ready pods not yet available become so minReadySeconds later: look again then.
    return ready > available && minReady > 0 ? Result.after(Duration.ofSeconds(minReady)) : Result.done();
  }

  static void putPositive(ObjectNode node, String field, long value) {
    if (value > 0) {
      node.put(field, value);
    }
  }
}
