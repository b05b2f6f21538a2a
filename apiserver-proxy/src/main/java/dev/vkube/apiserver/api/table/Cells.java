package dev.vkube.apiserver.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.api.HumanDuration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Cell formatting shared by the column sets (pkg/printers/internalversion helpers). */
final class Cells {
  static final String NONE = "<none>";

  private Cells() {}

  static JsonNode at(JsonNode object, String dotted) {
    JsonNode node = object;
    for (String part : dotted.split("\\.")) {
      node = node.path(part);
    }
    return node;
  }

  static String text(JsonNode object, String dotted) {
    JsonNode node = at(object, dotted);
    return node.isMissingNode() || node.isNull() ? "" : node.asText();
  }

  static long number(JsonNode object, String dotted) {
    return at(object, dotted).asLong(0);
  }

  static String orNone(String value) {
    return value == null || value.isEmpty() ? NONE : value;
  }

  static String orUnset(String value) {
    return value == null || value.isEmpty() ? "<unset>" : value;
  }

  /** "N/A" for an unset PDB bound, as printPodDisruptionBudget shows. */
  static String orNoneNa(String value) {
    return value == null || value.isEmpty() ? "N/A" : value;
  }

  /** "5m" since the timestamp, "<unknown>" when absent (translateTimestampSince). */
  static String since(Clock clock, String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return "<unknown>";
    }
    try {
      return HumanDuration.format(Duration.between(Instant.parse(timestamp), clock.instant()));
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
  }

  static String age(Clock clock, JsonNode object) {
    return since(clock, text(object, "metadata.creationTimestamp"));
  }

  /** Names and images of a pod template's containers, comma-separated (layoutContainerCells). */
  static String containerNames(JsonNode podSpec) {
    return join(podSpec.path("containers"), "name");
  }

  static String containerImages(JsonNode podSpec) {
    return join(podSpec.path("containers"), "image");
  }

  static String join(JsonNode items, String field) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(i.path(field).asText()));
    return String.join(",", out);
  }

  /** A label selector rendered as kubectl shows it (metav1.FormatLabelSelector). */
  static String selector(JsonNode selector) {
    if (selector.isMissingNode() || selector.isNull()) {
      return NONE;
    }
    List<String> parts = new ArrayList<>();
    Map<String, String> labels = new TreeMap<>();
    selector.path("matchLabels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    labels.forEach((k, v) -> parts.add(k + "=" + v));
    for (JsonNode expr : selector.path("matchExpressions")) {
      String op = expr.path("operator").asText();
      String key = expr.path("key").asText();
      List<String> values = new ArrayList<>();
      expr.path("values").forEach(v -> values.add(v.asText()));
      switch (op) {
        case "In" -> parts.add(key + " in (" + String.join(",", values) + ")");
        case "NotIn" -> parts.add(key + " notin (" + String.join(",", values) + ")");
        case "Exists" -> parts.add(key);
        case "DoesNotExist" -> parts.add("!" + key);
        default -> parts.add(key + " " + op);
      }
    }
    return parts.isEmpty() ? NONE : String.join(",", parts);
  }

  /** A plain map selector (services, RCs): "a=b,c=d" sorted. */
  static String mapSelector(JsonNode map) {
    if (map.size() == 0) {
      return NONE;
    }
    Map<String, String> sorted = new TreeMap<>();
    map.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
    List<String> parts = new ArrayList<>();
    sorted.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(",", parts);
  }
}
