package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A Deployment's status from its ReplicaSets (sync.go calculateStatus) and its Progressing
 * condition (progress.go syncRolloutStatus), the fields `kubectl rollout status` reads.
 */
final class DeploymentStatus {
  static final String AVAILABLE = "Available";
  static final String PROGRESSING = "Progressing";
  static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
  static final String RS_UPDATED = "ReplicaSetUpdated";
  static final String TIMED_OUT = "ProgressDeadlineExceeded";
  static final String PAUSED = "DeploymentPaused";
  static final String RESUMED = "DeploymentResumed";
  /** The API's "no deadline" value of progressDeadlineSeconds (math.MaxInt32). */
  static final long NO_DEADLINE = Integer.MAX_VALUE;

  private DeploymentStatus() {}

  static ObjectNode calculate(JsonNode d, List<ObjectNode> all, ObjectNode newRs, Instant now) {
    int replicas = 0;
    int ready = 0;
    int available = 0;
    int total = 0;
    for (ObjectNode rs : all) {
      replicas += rs.path("status").path("replicas").asInt(0);
      ready += rs.path("status").path("readyReplicas").asInt(0);
      available += rs.path("status").path("availableReplicas").asInt(0);
      total += DeploymentRevisions.replicas(rs);
    }
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    ReplicaSetReconciler.putPositive(status, "observedGeneration", d.path("metadata").path("generation").asLong());
    ReplicaSetReconciler.putPositive(status, "replicas", replicas);
    ReplicaSetReconciler.putPositive(status, "updatedReplicas",
        newRs == null ? 0 : newRs.path("status").path("replicas").asInt(0));
    ReplicaSetReconciler.putPositive(status, "readyReplicas", ready);
    ReplicaSetReconciler.putPositive(status, "availableReplicas", available);
    ReplicaSetReconciler.putPositive(status, "unavailableReplicas", Math.max(0, total - available));
    if (d.path("status").has("conditions")) {
      status.set("conditions", d.path("status").get("conditions").deepCopy());
    }
    ReplicaSetReconciler.putPositive(status, "collisionCount", d.path("status").path("collisionCount").asLong());
    RollingUpdate sizes = RollingUpdate.of(d.path("spec"));
    int maxUnavailable = isRolling(d) ? sizes.effectiveMaxUnavailable() : 0;
    if (available >= sizes.replicas() - maxUnavailable) {
      set(status, AVAILABLE, "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now);
    } else {
      set(status, AVAILABLE, "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.",
          now);
    }
    return status;
  }

  static boolean isRolling(JsonNode d) {
    return "RollingUpdate".equals(d.path("spec").path("strategy").path("type").asText("RollingUpdate"));
  }

  /** DeploymentComplete: every replica updated and available, and this generation observed. */
  static boolean complete(JsonNode d, JsonNode status) {
    int replicas = d.path("spec").path("replicas").asInt(1);
    return status.path("updatedReplicas").asInt(0) == replicas && status.path("replicas").asInt(0) == replicas
        && status.path("availableReplicas").asInt(0) == replicas
        && status.path("observedGeneration").asLong(0) >= d.path("metadata").path("generation").asLong(0);
  }

  /** DeploymentProgressing: more updated, ready or available pods, or fewer old ones, than last time. */
  static boolean progressing(JsonNode d, JsonNode status) {
    JsonNode old = d.path("status");
    int oldOld = old.path("replicas").asInt(0) - old.path("updatedReplicas").asInt(0);
    int newOld = status.path("replicas").asInt(0) - status.path("updatedReplicas").asInt(0);
    return status.path("updatedReplicas").asInt(0) > old.path("updatedReplicas").asInt(0) || newOld < oldOld
        || status.path("readyReplicas").asInt(0) > old.path("readyReplicas").asInt(0)
        || status.path("availableReplicas").asInt(0) > old.path("availableReplicas").asInt(0);
  }

  static long deadlineSeconds(JsonNode d) {
    return d.path("spec").path("progressDeadlineSeconds").asLong(NO_DEADLINE);
  }

  /** DeploymentTimedOut: no progress reported for progressDeadlineSeconds. */
  static boolean timedOut(JsonNode d, JsonNode status, Instant now) {
    JsonNode c = Conditions.get(status, PROGRESSING);
    if (deadlineSeconds(d) == NO_DEADLINE || c == null || NEW_RS_AVAILABLE.equals(c.path("reason").asText())) {
      return false;
    }
    if (TIMED_OUT.equals(c.path("reason").asText())) {
      return true;
    }
    return Instant.parse(c.path("lastUpdateTime").asText()).plusSeconds(deadlineSeconds(d)).isBefore(now);
  }

  /** syncRolloutStatus: the Progressing condition for this observation. */
  static void progress(JsonNode d, ObjectNode status, ObjectNode newRs, Instant now) {
    if (deadlineSeconds(d) == NO_DEADLINE) {
      Conditions.remove(status, PROGRESSING);
      return;
    }
    JsonNode current = Conditions.get(status, PROGRESSING);
    boolean alreadyComplete = status.path("replicas").asInt(0) == status.path("updatedReplicas").asInt(0)
        && current != null && NEW_RS_AVAILABLE.equals(current.path("reason").asText());
    if (alreadyComplete) {
      return;
    }
    String subject = newRs == null ? "Deployment \"" + Meta.name(d) + "\"" : "ReplicaSet \"" + Meta.name(newRs) + "\"";
    if (complete(d, status)) {
      set(status, PROGRESSING, "True", NEW_RS_AVAILABLE, subject + " has successfully progressed.", now);
    } else if (progressing(d, status)) {
      String transition = current != null && "True".equals(current.path("status").asText())
          ? current.path("lastTransitionTime").asText() : Meta.timestamp(now);
      Conditions.remove(status, PROGRESSING);
      set(status, PROGRESSING, "True", RS_UPDATED, subject + " is progressing.", now);
      ((ObjectNode) Conditions.get(status, PROGRESSING)).put("lastTransitionTime", transition);
    } else if (timedOut(d, status, now)) {
      set(status, PROGRESSING, "False", TIMED_OUT, subject + " has timed out progressing.", now);
    }
  }

  /** requeueStuckDeployment: when the deadline of a rollout still in progress will pass. */
  static Duration untilDeadline(JsonNode d, JsonNode status, Instant now) {
    JsonNode c = Conditions.get(status, PROGRESSING);
    if (deadlineSeconds(d) == NO_DEADLINE || c == null || complete(d, status)
        || !"True".equals(c.path("status").asText()) || NEW_RS_AVAILABLE.equals(c.path("reason").asText())) {
      return Duration.ZERO;
    }
    Instant deadline = Instant.parse(c.path("lastUpdateTime").asText()).plusSeconds(deadlineSeconds(d));
    Duration left = Duration.between(now, deadline);
    return left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left.plusSeconds(1);
  }

  /** SetDeploymentCondition: same status and reason is no change; same status keeps lastTransitionTime. */
  static void set(ObjectNode status, String type, String value, String reason, String message, Instant now) {
    JsonNode current = Conditions.get(status, type);
    if (current != null && value.equals(current.path("status").asText())
        && reason.equals(current.path("reason").asText())) {
      return;
    }
    String transition = current != null && value.equals(current.path("status").asText())
        ? current.path("lastTransitionTime").asText() : Meta.timestamp(now);
    Conditions.remove(status, type);
    ObjectNode c = ((ArrayNode) status.withArray("conditions")).addObject();
    c.put("type", type).put("status", value).put("lastUpdateTime", Meta.timestamp(now))
        .put("lastTransitionTime", transition).put("reason", reason).put("message", message);
  }
}
