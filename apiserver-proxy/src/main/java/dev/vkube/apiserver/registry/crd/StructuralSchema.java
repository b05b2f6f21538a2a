package dev.vkube.apiserver.registry.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.StatusCause;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A CRD's structural schema (OpenAPI v3 subset) applied to custom objects as apiextensions-apiserver
 * does: defaults where a field is absent, pruning of fields the schema does not know (unless
 * x-kubernetes-preserve-unknown-fields), and validation with upstream's messages. The metadata,
 * apiVersion and kind of the root are the server's, not the schema's.
 */
public final class StructuralSchema {
  private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");
  private final JsonNode root;

  public StructuralSchema(JsonNode openApiV3Schema) {
    this.root = openApiV3Schema == null || openApiV3Schema.isMissingNode() ? null : openApiV3Schema;
  }

  /** Fills in schema defaults for absent fields, depth first (structural defaulting). */
  public void applyDefaults(ObjectNode object) {
    if (root != null) {
      defaults(object, root, true);
    }
  }

  /** Drops fields the schema does not specify. */
  public void prune(ObjectNode object) {
    if (root != null) {
      prune(object, root, true);
    }
  }

  public List<StatusCause> validate(JsonNode object) {
    List<StatusCause> causes = new ArrayList<>();
    if (root != null) {
      validate(object, root, "", causes, true);
    }
    return causes;
  }

  private void defaults(JsonNode value, JsonNode schema, boolean isRoot) {
    if (value instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        if (isRoot && ROOT_FIELDS.contains(property.getKey())) {
          continue;
        }
        JsonNode child = object.get(property.getKey());
        if (child == null && property.getValue().has("default")) {
          object.set(property.getKey(), property.getValue().get("default").deepCopy());
          child = object.get(property.getKey());
        }
        if (child != null) {
          defaults(child, property.getValue(), false);
        }
      }
      JsonNode additional = schema.path("additionalProperties");
      if (additional.isObject()) {
        object.fields().forEachRemaining(e -> defaults(e.getValue(), additional, false));
      }
    } else if (value instanceof ArrayNode array && schema.has("items")) {
      array.forEach(item -> defaults(item, schema.get("items"), false));
    }
  }

  private void prune(JsonNode value, JsonNode schema, boolean isRoot) {
    if (value instanceof ObjectNode object) {
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.path("additionalProperties");
      boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
      boolean embedded = schema.path("x-kubernetes-embedded-resource").asBoolean(false);
      List<String> unknown = new ArrayList<>();
      object.fields().forEachRemaining(e -> {
        String key = e.getKey();
        if ((isRoot || embedded) && ROOT_FIELDS.contains(key)) {
          return;
        }
        JsonNode childSchema = properties.get(key);
        if (childSchema != null) {
          prune(e.getValue(), childSchema, false);
        } else if (additional.isObject()) {
          prune(e.getValue(), additional, false);
        } else if (!preserve && !additional.asBoolean(false)) {
          unknown.add(key);
        }
      });
      object.remove(unknown);
    } else if (value instanceof ArrayNode array && schema.has("items")) {
      array.forEach(item -> prune(item, schema.get("items"), false));
    }
  }

  private void validate(JsonNode value, JsonNode schema, String path, List<StatusCause> causes, boolean isRoot) {
    if (value == null || value.isNull()) {
      if (value != null && !schema.path("nullable").asBoolean(false) && schema.has("type")) {
        causes.add(StatusCause.invalid(path, "null", path + " in body must be of type " + schema.path("type")
            .asText() + ": \"null\""));
      }
      return;
    }
    if (!typeMatches(value, schema, path, causes)) {
      return;
    }
    enumValues(value, schema, path, causes);
    bounds(value, schema, path, causes);
    if (value.isObject()) {
      object((ObjectNode) value, schema, path, causes, isRoot);
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        validate(value.get(i), schema.get("items"), path + "[" + i + "]", causes, false);
      }
    }
  }

  private void object(ObjectNode object, JsonNode schema, String path, List<StatusCause> causes, boolean isRoot) {
    for (JsonNode required : schema.path("required")) {
      if (!object.has(required.asText()) || object.get(required.asText()).isNull() && !isRoot) {
        causes.add(StatusCause.required(join(path, required.asText())));
      }
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    object.fields().forEachRemaining(e -> {
      if (isRoot && ROOT_FIELDS.contains(e.getKey())) {
        return;
      }
      JsonNode childSchema = properties.get(e.getKey());
      if (childSchema == null && additional.isObject()) {
        childSchema = additional;
      }
      if (childSchema != null) {
        validate(e.getValue(), childSchema, join(path, e.getKey()), causes, false);
      }
    });
    int size = object.size();
    if (schema.has("maxProperties") && size > schema.get("maxProperties").asInt()) {
      causes.add(new StatusCause("FieldValueTooMany", "Too many: " + size + ": must have at most "
          + schema.get("maxProperties").asInt() + " items", path));
    }
  }

  /** "x in body must be of type integer: \"string\"" (kube-openapi validate/type.go). */
  private static boolean typeMatches(JsonNode value, JsonNode schema, String path, List<StatusCause> causes) {
    String type = schema.path("type").asText("");
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (value.isIntegralNumber() || value.isTextual()) {
        return true;
      }
      causes.add(StatusCause.invalid(path, jsonType(value), path + " in body must be of type integer-or-string: \""
          + jsonType(value) + "\""));
      return false;
    }
    boolean ok = switch (type) {
      case "" -> true;
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber() || value.isNumber() && value.asDouble() == Math.rint(value.asDouble());
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
    if (!ok) {
      causes.add(StatusCause.invalid(path, jsonType(value), path + " in body must be of type " + type + ": \""
          + jsonType(value) + "\""));
    }
    return ok;
  }

  private static void enumValues(JsonNode value, JsonNode schema, String path, List<StatusCause> causes) {
    JsonNode allowed = schema.get("enum");
    if (allowed == null) {
      return;
    }
    for (JsonNode candidate : allowed) {
      if (candidate.equals(value)) {
        return;
      }
    }
    List<String> shown = new ArrayList<>();
    allowed.forEach(a -> shown.add(a.isTextual() ? "\"" + a.asText() + "\"" : a.toString()));
    causes.add(StatusCause.unsupported(path, value.isTextual() ? value.asText() : value.toString(),
        "supported values: " + String.join(", ", shown)));
  }

  private static void bounds(JsonNode value, JsonNode schema, String path, List<StatusCause> causes) {
    if (value.isNumber()) {
      numberBounds(value, schema, path, causes);
    } else if (value.isTextual()) {
      stringBounds(value.asText(), schema, path, causes);
    } else if (value.isArray()) {
      if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
        causes.add(new StatusCause("FieldValueTooMany", "Too many: " + value.size() + ": must have at most "
            + schema.get("maxItems").asInt() + " items", path));
      }
      if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
        causes.add(StatusCause.invalid(path, value.size(), path + " in body should have at least "
            + schema.get("minItems").asInt() + " items"));
      }
    }
  }

  private static void numberBounds(JsonNode value, JsonNode schema, String path, List<StatusCause> causes) {
    double v = value.asDouble();
    if (schema.has("minimum")) {
      double min = schema.get("minimum").asDouble();
      boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
      if (exclusive ? v <= min : v < min) {
        causes.add(StatusCause.invalid(path, value.numberValue(), path + " in body should be greater than "
            + (exclusive ? "" : "or equal to ") + schema.get("minimum").asText()));
      }
    }
    if (schema.has("maximum")) {
      double max = schema.get("maximum").asDouble();
      boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
      if (exclusive ? v >= max : v > max) {
        causes.add(StatusCause.invalid(path, value.numberValue(), path + " in body should be less than "
            + (exclusive ? "" : "or equal to ") + schema.get("maximum").asText()));
      }
    }
    if (schema.has("multipleOf") && schema.get("multipleOf").asDouble() != 0
        && Math.abs(v / schema.get("multipleOf").asDouble() - Math.rint(v / schema.get("multipleOf").asDouble()))
        > 1e-9) {
      causes.add(StatusCause.invalid(path, value.numberValue(), path + " in body should be a multiple of "
          + schema.get("multipleOf").asText()));
    }
  }

  private static void stringBounds(String s, JsonNode schema, String path, List<StatusCause> causes) {
    if (schema.has("maxLength") && s.length() > schema.get("maxLength").asInt()) {
      causes.add(new StatusCause("FieldValueTooLong", "Too long: may not be more than "
          + schema.get("maxLength").asInt() + " bytes", path));
    }
    if (schema.has("minLength") && s.length() < schema.get("minLength").asInt()) {
      causes.add(StatusCause.invalid(path, s, path + " in body should be at least " + schema.get("minLength").asInt()
          + " chars long"));
    }
    if (schema.has("pattern")) {
      try {
        if (!Pattern.compile(schema.get("pattern").asText()).matcher(s).find()) {
          causes.add(StatusCause.invalid(path, s, path + " in body should match '" + schema.get("pattern").asText()
              + "'"));
        }
      } catch (PatternSyntaxException e) {
        // An invalid pattern is rejected when the CRD is written; nothing to check here.
      }
    }
  }

  private static String jsonType(JsonNode value) {
    if (value.isTextual()) {
      return "string";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isNumber()) {
      return "number";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    return value.isArray() ? "array" : value.isObject() ? "object" : "null";
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }
}
