package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * metav1.LabelSelector matching (LabelSelectorAsSelector): matchLabels and matchExpressions ANDed;
 * an empty selector matches everything, a missing one nothing.
 */
final class Selectors {
  private Selectors() {}

  static boolean matches(JsonNode selector, JsonNode labels) {
    if (selector == null || selector.isMissingNode() || selector.isNull()) {
      return false;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = selector.path("matchLabels").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
        return false;
      }
    }
    for (JsonNode expression : selector.path("matchExpressions")) {
      if (!matchesExpression(expression, labels)) {
        return false;
      }
    }
    return true;
  }

  static boolean matchesExpression(JsonNode expression, JsonNode labels) {
    JsonNode value = labels.get(expression.path("key").asText());
    boolean present = value != null && !value.isNull();
    boolean listed = present && contains(expression.path("values"), value.asText());
    return switch (expression.path("operator").asText()) {
      case "In" -> listed;
      case "NotIn" -> !listed;
      case "Exists" -> present;
      case "DoesNotExist" -> !present;
      default -> false;
    };
  }

  static boolean contains(JsonNode values, String value) {
    for (JsonNode v : values) {
      if (v.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }
}
