package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.JsonNode;

/** intstr.GetScaledValueFromIntOrPercent: an int, or "N%" of a total rounded up or down. */
final class IntOrPercent {
  private IntOrPercent() {}

  static int scaled(JsonNode value, int total, boolean roundUp, int fallback) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return fallback;
    }
    if (value.isNumber()) {
      return value.asInt();
    }
    String text = value.asText().trim();
    if (!text.endsWith("%")) {
      return Integer.parseInt(text);
    }
    int percent = Integer.parseInt(text.substring(0, text.length() - 1));
    long product = (long) percent * total;
    return (int) (roundUp ? (product + 99) / 100 : product / 100);
  }
}
