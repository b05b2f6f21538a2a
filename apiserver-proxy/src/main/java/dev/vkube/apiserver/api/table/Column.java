package dev.vkube.apiserver.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * One Table column (metav1.TableColumnDefinition) and how to compute its cell from an object.
 * Priority 0 columns always show; priority 1 only with {@code -o wide}.
 */
public record Column(String name, String type, String format, int priority, String description,
    Function<JsonNode, Object> cell) {

  public static Column text(String name, Function<JsonNode, Object> cell) {
    return new Column(name, "string", "", 0, name, cell);
  }

  public static Column integer(String name, Function<JsonNode, Object> cell) {
    return new Column(name, "integer", "", 0, name, cell);
  }

  public static Column wide(String name, Function<JsonNode, Object> cell) {
    return new Column(name, "string", "", 1, name, cell);
  }
}
