package dev.vkube.apiserver.controllers.cluster.disruption;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The numbers a PodDisruptionBudget's status reports (disruption.go getExpectedPodCount and
 * updatePdbStatus): expected pods, the healthy count it wants, the healthy count it has, and how many
 * may go. Pure.
 */
public record Budget(int expectedPods, int desiredHealthy, int currentHealthy) {

  public int disruptionsAllowed() {
    int allowed = currentHealthy - desiredHealthy;
    return expectedPods <= 0 || allowed <= 0 ? 0 : allowed;
  }

  /**
   * {@code selectedPods} is how many pods the selector matches; {@code controllerScale} the summed
   * replicas of their controllers (needed for maxUnavailable and percentages).
   */
  public static Budget compute(JsonNode pdbSpec, int selectedPods, int controllerScale, int currentHealthy) {
    JsonNode maxUnavailable = pdbSpec.path("maxUnavailable");
    JsonNode minAvailable = pdbSpec.path("minAvailable");
    if (!maxUnavailable.isMissingNode() && !maxUnavailable.isNull()) {
      int unavailable = scaled(maxUnavailable, controllerScale, true);
      return new Budget(controllerScale, Math.max(0, controllerScale - unavailable), currentHealthy);
    }
    if (!minAvailable.isMissingNode() && !minAvailable.isNull()) {
      if (isPercent(minAvailable)) {
        return new Budget(controllerScale, scaled(minAvailable, controllerScale, true), currentHealthy);
      }
      return new Budget(selectedPods, minAvailable.asInt(), currentHealthy);
    }
    // Neither set: nothing expected, so nothing may be disrupted (getExpectedPodCount leaves both 0).
    return new Budget(0, 0, currentHealthy);
  }

  static boolean isPercent(JsonNode value) {
    return value.isTextual() && value.asText().endsWith("%");
  }

  /** intstr.GetScaledValueFromIntOrPercent. */
  static int scaled(JsonNode value, int total, boolean roundUp) {
    if (!isPercent(value)) {
      return value.isTextual() ? Integer.parseInt(value.asText()) : value.asInt();
    }
    int percent = Integer.parseInt(value.asText().substring(0, value.asText().length() - 1));
    double exact = percent * (double) total / 100.0;
    return (int) (roundUp ? Math.ceil(exact) : Math.floor(exact));
  }
}
