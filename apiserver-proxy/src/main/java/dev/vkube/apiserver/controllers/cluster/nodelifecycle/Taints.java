package dev.vkube.apiserver.controllers.cluster.nodelifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * Taint and toleration rules (core/v1 helper ToleratesTaint, the NoExecute taint manager's
 * getMinTolerationTime): when a pod must leave a node given the node's NoExecute taints. Pure.
 */
public final class Taints {
  public static final String UNREACHABLE = "node.kubernetes.io/unreachable";
  public static final String NOT_READY = "node.kubernetes.io/not-ready";
  public static final String NO_EXECUTE = "NoExecute";
  public static final String NO_SCHEDULE = "NoSchedule";

  private Taints() {}

  public static boolean tolerates(JsonNode toleration, JsonNode taint) {
    String effect = toleration.path("effect").asText("");
    if (!effect.isEmpty() && !effect.equals(taint.path("effect").asText())) {
      return false;
    }
    String key = toleration.path("key").asText("");
    String operator = toleration.path("operator").asText("Equal");
    if (key.isEmpty()) {
      return operator.equals("Exists");
    }
    if (!key.equals(taint.path("key").asText())) {
      return false;
    }
    return operator.equals("Exists") || toleration.path("value").asText("").equals(taint.path("value").asText(""));
  }

  /**
   * When the pod is to be evicted: now for a NoExecute taint it does not tolerate, the taint's
   * timeAdded plus the smallest tolerationSeconds of the tolerations used, or never (empty) when the
   * tolerations used have no tolerationSeconds.
   */
  public static Optional<Instant> evictionTime(JsonNode pod, JsonNode nodeTaints, Instant now) {
    Instant earliest = null;
    for (JsonNode taint : nodeTaints) {
      if (!NO_EXECUTE.equals(taint.path("effect").asText())) {
        continue;
      }
      boolean tolerated = false;
      Long seconds = null;
      for (JsonNode toleration : pod.path("spec").path("tolerations")) {
        if (tolerates(toleration, taint)) {
          tolerated = true;
          if (toleration.hasNonNull("tolerationSeconds")) {
            long limit = Math.max(0, toleration.get("tolerationSeconds").asLong());
            seconds = seconds == null ? limit : Math.min(seconds, limit);
          }
        }
      }
      if (!tolerated) {
        return Optional.of(now);
      }
      if (seconds != null) {
        Instant added = taint.hasNonNull("timeAdded") ? Instant.parse(taint.get("timeAdded").asText()) : now;
        Instant at = added.plusSeconds(seconds);
        earliest = earliest == null || at.isBefore(earliest) ? at : earliest;
      }
    }
    return Optional.ofNullable(earliest);
  }
}
