package dev.vkube.apiserver.registry.crd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.api.table.Column;
import dev.vkube.apiserver.api.HumanDuration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A CRD version's additionalPrinterColumns as Table columns (apiextensions-apiserver tableconvertor):
 * simple JSONPaths (".spec.x", ".status.items[0].name"); without any, an Age column.
 */
final class PrinterColumns {
  private PrinterColumns() {}

  static List<Column> of(JsonNode version, Clock clock) {
    List<Column> columns = new ArrayList<>();
    JsonNode declared = version.path("additionalPrinterColumns");
    if (declared.size() == 0) {
      columns.add(new Column("Age", "date", "", 0, "Age", o -> age(o.path("metadata").path("creationTimestamp")
          .asText(""), clock)));
      return columns;
    }
    for (JsonNode c : declared) {
      String path = c.path("jsonPath").asText("");
      String type = c.path("type").asText("string");
      columns.add(new Column(c.path("name").asText(), type, c.path("format").asText(""), c.path("priority").asInt(0),
          c.path("description").asText(""), o -> cell(o, path, type, clock)));
    }
    return columns;
  }

  /** Date cells are ages ("5m"), as the CRD table convertor's cellForJSONValue renders them. */
  private static Object age(String timestamp, Clock clock) {
    try {
      return HumanDuration.format(Duration.between(Instant.parse(timestamp), clock.instant()));
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
  }

  private static Object cell(JsonNode object, String jsonPath, String type, Clock clock) {
    JsonNode value = evaluate(object, jsonPath);
    if (value == null || value.isMissingNode() || value.isNull()) {
      return null;
    }
    return switch (type) {
      case "integer" -> value.asLong();
      case "number" -> value.asDouble();
      case "boolean" -> value.asBoolean();
      case "date" -> value.isTextual() ? age(value.asText(), clock) : null;
      default -> value.isValueNode() ? value.asText() : value.toString();
    };
  }

  /** Evaluates a dotted path with optional [n] indices; braces ({.spec.x}) are tolerated. */
  static JsonNode evaluate(JsonNode object, String jsonPath) {
    String path = jsonPath.trim();
    if (path.startsWith("{") && path.endsWith("}")) {
      path = path.substring(1, path.length() - 1);
    }
    JsonNode node = object;
    for (String part : path.split("\\.")) {
      if (part.isEmpty()) {
        continue;
      }
      int bracket = part.indexOf('[');
      String field = bracket < 0 ? part : part.substring(0, bracket);
      if (!field.isEmpty()) {
        node = node.path(field);
      }
      while (bracket >= 0) {
        int end = part.indexOf(']', bracket);
        String index = part.substring(bracket + 1, end);
        node = index.matches("\\d+") ? node.path(Integer.parseInt(index)) : node.path(index.replace("'", ""));
        bracket = part.indexOf('[', end);
      }
    }
    return node;
  }
}
