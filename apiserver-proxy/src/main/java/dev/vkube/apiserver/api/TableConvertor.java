package dev.vkube.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders meta.k8s.io/v1 Tables for `kubectl get`. Columns follow pkg/printers/internalversion
 * printers.go for the resources listed here; others get NAME and AGE. (The full per-resource column
 * sets are issue 3's work.)
 */
public final class TableConvertor {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private record Column(String name, String type, String format, int priority, Function<JsonNode, Object> cell) {}

  private final Clock clock;
  private final Map<String, List<Column>> byResource;

  public TableConvertor(Clock clock) {
    this.clock = clock;
    Column age = new Column("Age", "string", "", 0, this::age);
    this.byResource = Map.of(
        "namespaces", List.of(new Column("Status", "string", "", 0, o -> o.path("status").path("phase").asText())),
        "configmaps", List.of(new Column("Data", "integer", "", 0, o -> o.path("data").size()
            + o.path("binaryData").size())),
        "secrets", List.of(new Column("Type", "string", "", 0, o -> o.path("type").asText()),
            new Column("Data", "integer", "", 0, o -> o.path("data").size())));
    this.ageColumn = age;
  }

  private final Column ageColumn;

  /** A Table of the given objects; {@code includeObject} is None, Metadata (default) or Object. */
  public ObjectNode table(String resource, List<JsonNode> objects, String resourceVersion, String continueToken,
      String includeObject) {
    ObjectNode table = NODES.objectNode();
    table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    ObjectNode meta = table.putObject("metadata");
    if (resourceVersion != null) {
      meta.put("resourceVersion", resourceVersion);
    }
    if (continueToken != null) {
      meta.put("continue", continueToken);
    }
    List<Column> columns = columns(resource);
    ArrayNode defs = table.putArray("columnDefinitions");
    for (Column c : columns) {
      defs.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
          .put("description", c.name()).put("priority", c.priority());
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Column c : columns) {
        cells.addPOJO(c.cell().apply(object));
      }
      rowObject(row, object, includeObject);
    }
    return table;
  }

  private List<Column> columns(String resource) {
    Column name = new Column("Name", "string", "name", 0, o -> o.path("metadata").path("name").asText());
    List<Column> extra = byResource.getOrDefault(resource, List.of());
    java.util.ArrayList<Column> all = new java.util.ArrayList<>();
    all.add(name);
    all.addAll(extra);
    all.add(ageColumn);
    return all;
  }

  private static void rowObject(ObjectNode row, JsonNode object, String includeObject) {
    if ("None".equals(includeObject)) {
      return;
    }
    if ("Object".equals(includeObject)) {
      row.set("object", object);
      return;
    }
    ObjectNode partial = row.putObject("object");
    partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
    partial.set("metadata", object.path("metadata"));
  }

  private Object age(JsonNode object) {
    String created = object.path("metadata").path("creationTimestamp").asText("");
    if (created.isEmpty()) {
      return "<unknown>";
    }
    return HumanDuration.format(Duration.between(Instant.parse(created), clock.instant()));
  }
}
