package dev.vkube.apiserver.controllers.cluster.disruption;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.controllers.cluster.Conditions;
import dev.vkube.apiserver.controllers.cluster.Selectors;
import java.time.Instant;
import java.util.List;

/** Which pods a budget covers and which of them count as healthy (disruption.go countHealthyPods). */
final class PodHealth {
  private PodHealth() {}

  static List<JsonNode> selected(JsonNode pdb, List<? extends JsonNode> pods) {
    var selector = Selectors.labelSelector(pdb.path("spec").path("selector"));
    return pods.stream().filter(p -> selector.test(p.path("metadata").path("labels"))).map(p -> (JsonNode) p)
        .toList();
  }

  static boolean ready(JsonNode pod) {
    return Conditions.isTrue(pod.path("status").path("conditions"), "Ready");
  }

  /**
   * Ready, not being deleted, and not recently evicted: a pod in status.disruptedPods whose eviction
   * is younger than the deletion timeout is already counted as gone.
   */
  static boolean healthy(JsonNode pod, JsonNode disruptedPods, Instant now, java.time.Duration timeout) {
    if (Meta.deleting(pod) || !ready(pod)) {
      return false;
    }
    JsonNode evicted = disruptedPods.path(Meta.name(pod));
    return !evicted.isTextual() || Instant.parse(evicted.asText()).plus(timeout).isBefore(now);
  }
}
