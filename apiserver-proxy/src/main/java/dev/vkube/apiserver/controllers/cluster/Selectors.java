package dev.vkube.apiserver.controllers.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Label selectors as objects carry them: a metav1.LabelSelector (matchLabels and matchExpressions,
 * metav1.LabelSelectorAsSelector) or a plain map such as a Service's spec.selector. Predicates over
 * an object's metadata.labels.
 */
public final class Selectors {
  private static final Predicate<JsonNode> NOTHING = labels -> false;

  private Selectors() {}

  /** A metav1.LabelSelector: null/missing selects nothing, {} selects everything (policy/v1 PDB rules). */
  public static Predicate<JsonNode> labelSelector(JsonNode selector) {
    if (selector == null || selector.isMissingNode() || selector.isNull()) {
      return NOTHING;
    }
    Predicate<JsonNode> all = map(selector.path("matchLabels"));
    for (JsonNode expression : selector.path("matchExpressions")) {
      all = all.and(expression(expression));
    }
    return all;
  }

  /** Every key=value of {@code selector} must be a label; an empty map selects everything. */
  public static Predicate<JsonNode> map(JsonNode selector) {
    return labels -> {
      Iterator<Map.Entry<String, JsonNode>> fields = selector.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
          return false;
        }
      }
      return true;
    };
  }

  private static Predicate<JsonNode> expression(JsonNode expression) {
    String key = expression.path("key").asText();
    Set<String> values = new HashSet<>();
    expression.path("values").forEach(v -> values.add(v.asText()));
    return switch (expression.path("operator").asText()) {
      case "In" -> labels -> labels.has(key) && values.contains(labels.path(key).asText());
      case "NotIn" -> labels -> !labels.has(key) || !values.contains(labels.path(key).asText());
      case "Exists" -> labels -> labels.has(key);
      case "DoesNotExist" -> labels -> !labels.has(key);
      default -> NOTHING;
    };
  }
}
