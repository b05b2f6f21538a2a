package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The arithmetic of a Deployment's rolling update (pkg/controller/deployment/util/deployment_util.go
 * ResolveFenceposts, NewRSNewReplicas and rolling.go), pure so that it can be tested alone.
 */
record RollingUpdate(int replicas, int maxSurge, int maxUnavailable) {

  /** ResolveFenceposts: surge rounds up, unavailability down; both zero would deadlock, so one is allowed. */
  static RollingUpdate of(JsonNode deploymentSpec) {
    int replicas = deploymentSpec.path("replicas").asInt(1);
    if (!"RollingUpdate".equals(deploymentSpec.path("strategy").path("type").asText("RollingUpdate"))) {
      return new RollingUpdate(replicas, 0, 0);
    }
    JsonNode rolling = deploymentSpec.path("strategy").path("rollingUpdate");
    int surge = IntOrPercent.scaled(rolling.path("maxSurge"), replicas, true, (replicas * 25 + 99) / 100);
    int unavailable = IntOrPercent.scaled(rolling.path("maxUnavailable"), replicas, false, replicas / 4);
    if (surge == 0 && unavailable == 0) {
      unavailable = 1;
    }
    return new RollingUpdate(replicas, surge, unavailable);
  }

  /** deploymentutil.MaxUnavailable: capped at replicas, zero for none. */
  int effectiveMaxUnavailable() {
    return replicas == 0 ? 0 : Math.min(maxUnavailable, replicas);
  }

  /** How many replicas the new ReplicaSet may have now (NewRSNewReplicas for RollingUpdate). */
  int newReplicaSetReplicas(int allReplicas, int newReplicas) {
    int maxTotal = replicas + maxSurge;
    if (allReplicas >= maxTotal) {
      return newReplicas;
    }
    int scaleUp = Math.min(maxTotal - allReplicas, Math.max(0, replicas - newReplicas));
    return newReplicas + scaleUp;
  }

  /**
   * How many old replicas may go without dropping below the availability floor, counting the new
   * ReplicaSet's not-yet-available pods as already unavailable (reconcileOldReplicaSets).
   */
  int maxScaledDown(int allReplicas, int newReplicas, int newAvailable) {
    int minAvailable = replicas - effectiveMaxUnavailable();
    int newUnavailable = newReplicas - newAvailable;
    return allReplicas - minAvailable - newUnavailable;
  }

  /** The old replicas that may be scaled down because enough pods are available (scaleDownOldReplicaSetsForRollingUpdate). */
  int availableScaleDown(int allAvailable) {
    int minAvailable = replicas - effectiveMaxUnavailable();
    return Math.max(0, allAvailable - minAvailable);
  }

  /** The size a scaled Deployment's ReplicaSets may add up to (the max-replicas annotation). */
  int maxReplicas() {
    return replicas + maxSurge;
  }
}
