package dev.vkube.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.table.Column;
import dev.vkube.apiserver.api.table.ColumnSets;
import java.time.Clock;
import java.util.List;

/**
 * Renders meta.k8s.io/v1 Tables for `kubectl get`: the columns of pkg/printers/internalversion
 * printers.go per built-in resource, or a custom resource's additionalPrinterColumns.
 */
public final class TableConvertor {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final ColumnSets columnSets;

  public TableConvertor(Clock clock) {
    this.columnSets = new ColumnSets(clock);
  }

  /** NAME then {@code custom} columns (a CRD's printer columns) or the built-in printer's. */
  public List<Column> columns(String group, String resource, List<Column> custom) {
    return custom == null ? columnSets.columns(group, resource) : columnSets.withName(custom);
  }

  /** A Table of the objects; {@code includeObject} is None, Metadata (the default) or Object. */
  public ObjectNode table(List<Column> columns, List<JsonNode> objects, String resourceVersion,
      String continueToken, Long remaining, String includeObject) {
    ObjectNode table = NODES.objectNode();
    table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    ObjectNode meta = table.putObject("metadata");
    if (resourceVersion != null) {
      meta.put("resourceVersion", resourceVersion);
    }
    if (continueToken != null) {
      meta.put("continue", continueToken);
    }
    if (remaining != null) {
      meta.put("remainingItemCount", remaining);
    }
    ArrayNode defs = table.putArray("columnDefinitions");
    for (Column c : columns) {
      defs.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
          .put("description", c.description()).put("priority", c.priority());
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
}
