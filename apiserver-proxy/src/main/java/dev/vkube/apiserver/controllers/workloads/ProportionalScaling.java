package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Spreads a Deployment's change of size over its active ReplicaSets in proportion to their sizes
 * (sync.go scale with getProportion/getReplicaSetFraction), so a scale during a rollout keeps the
 * ratio of old to new; the rounding leftover goes to the largest (newest when growing).
 */
record ProportionalScaling(RollingUpdate sizes, int statusReplicas) {

  void apply(List<ObjectNode> active, ObjectNode newRs, BiPredicate<ObjectNode, Integer> scaleTo) {
    int allowed = sizes.replicas() > 0 ? sizes.maxReplicas() : 0;
    int current = active.stream().mapToInt(DeploymentRevisions::replicas).sum();
    int toAdd = allowed - current;
    if (toAdd == 0 || active.isEmpty()) {
      return;
    }
    Comparator<JsonNode> bySize = Comparator.comparingInt((JsonNode rs) -> DeploymentRevisions.replicas(rs)).reversed();
    Comparator<JsonNode> byAge = DeploymentRevisions.BY_CREATION;
    List<ObjectNode> ordered = active.stream().sorted(bySize.thenComparing(toAdd > 0 ? byAge.reversed() : byAge))
        .toList();
    Map<ObjectNode, Integer> sized = new HashMap<>();
    int added = 0;
    for (ObjectNode rs : ordered) {
      int proportion = proportion(rs, toAdd, added);
      sized.put(rs, DeploymentRevisions.replicas(rs) + proportion);
      added += proportion;
    }
    ObjectNode first = ordered.get(0);
    sized.put(first, Math.max(0, sized.get(first) + toAdd - added));
    for (ObjectNode rs : ordered) {
      scaleTo.test(rs, sized.get(rs));
    }
  }

  private int proportion(ObjectNode rs, int toAdd, int added) {
    if (DeploymentRevisions.replicas(rs) == 0 || toAdd == added) {
      return 0;
    }
    int fraction = fraction(rs);
    int left = toAdd - added;
    return toAdd > 0 ? Math.min(fraction, left) : Math.max(fraction, left);
  }

  private int fraction(ObjectNode rs) {
    int replicas = DeploymentRevisions.replicas(rs);
    if (sizes.replicas() == 0) {
      return -replicas;
    }
    int annotated;
    try {
      annotated = Integer.parseInt(rs.path("metadata").path("annotations").path(DeploymentRevisions.MAX_REPLICAS)
          .asText());
    } catch (NumberFormatException e) {
      annotated = statusReplicas;
    }
    if (annotated == 0) {
      return 0;
    }
    return (int) Math.round((double) replicas * sizes.maxReplicas() / annotated) - replicas;
  }
}
