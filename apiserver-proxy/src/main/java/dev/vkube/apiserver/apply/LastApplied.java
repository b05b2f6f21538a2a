package dev.vkube.apiserver.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The bridge between kubectl's client-side apply annotation and server-side apply, for manager
 * {@code kubectl} only (lastappliedmanager.go and lastappliedupdater.go).
 */
final class LastApplied {
  static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

  private LastApplied() {}

  /**
   * The fields kubectl may take over without a conflict: those in the annotation whose live value still
   * equals it (it applied them client-side). Null when there is no usable annotation.
   */
  static FieldSet allowedConflicts(FieldSchema schema, ObjectNode live, String apiVersion) {
    String text = annotation(live);
    if (text == null || text.isEmpty()) {
      return null;
    }
    JsonNode lastApplied;
    try {
      lastApplied = PathElement.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (!lastApplied.isObject() || !lastApplied.path("apiVersion").asText("").equals(apiVersion)) {
      return null;
    }
    Comparison diff = Comparison.of(schema, lastApplied, live, false);
    return ApplyMerge.fieldsOf(schema, lastApplied).difference(diff.modified()).difference(diff.added())
        .difference(diff.removed());
  }

  /** Keeps an existing annotation in step with what kubectl applied server-side. */
  static void refresh(ObjectNode result, ObjectNode applied) {
    String current = annotation(result);
    if (current != null && !current.isEmpty()) {
      ((ObjectNode) result.path("metadata").path("annotations")).put(ANNOTATION, encode(applied));
    }
  }

  private static String annotation(JsonNode object) {
    JsonNode value = object.path("metadata").path("annotations").get(ANNOTATION);
    return value == null || !value.isTextual() ? null : value.textValue();
  }

  /** The applied configuration minus the annotation, as Go's json.Encoder writes a map: sorted keys, newline. */
  static String encode(ObjectNode applied) {
    ObjectNode copy = applied.deepCopy();
    if (copy.path("metadata").get("annotations") instanceof ObjectNode annotations) {
      annotations.remove(ANNOTATION);
    }
    StringBuilder out = new StringBuilder();
    write(copy, out);
    return escapeHtml(out.toString()) + "\n";
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      out.append('{');
      for (int i = 0; i < names.size(); i++) {
        out.append(i > 0 ? "," : "").append(com.fasterxml.jackson.databind.node.TextNode.valueOf(names.get(i))).append(':');
        write(node.get(names.get(i)), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        out.append(i > 0 ? "," : "");
        write(node.get(i), out);
      }
      out.append(']');
    } else {
      out.append(node);
    }
  }

  /** encoding/json escapes these inside strings; they cannot occur outside one. */
  private static String escapeHtml(String json) {
    return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
  }
}
