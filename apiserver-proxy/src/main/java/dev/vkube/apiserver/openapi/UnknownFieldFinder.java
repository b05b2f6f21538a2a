package dev.vkube.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Finds the fields of an object its schema does not know, for {@code fieldValidation=Strict|Warn}.
 *
 * <p>kube-apiserver learns them while decoding: built-in kinds from the strict JSON decoder
 * (sigs.k8s.io/json), custom resources from pruning against the structural schema. Both report a
 * path per field, {@code unknown field "spec.template.spec.containers[0].imagex"}: fields joined
 * by dots, list items by their index, map values by their key. Maps ({@code additionalProperties})
 * take any key, {@code x-kubernetes-preserve-unknown-fields} keeps whatever it covers, and the
 * root and embedded resources take {@code apiVersion}, {@code kind} and ObjectMeta's fields.
 *
 * <p>An object schema with neither properties nor additionalProperties means "anything" in a
 * built-in definition (RawExtension, FieldsV1), but "no fields" in a structural schema, which
 * prunes what it does not list (apiextensions-apiserver pkg/apiserver/schema/pruning).
 */
final class UnknownFieldFinder {
  private static final int MAX_REPORTED = 100; // sigs.k8s.io/json stops collecting there too

  private final Map<String, ObjectNode> definitions;

  UnknownFieldFinder(Map<String, ObjectNode> definitions) {
    this.definitions = definitions;
  }

  /** The messages for {@code object} against the definition {@code root}; structural for custom resources. */
  List<String> find(String root, JsonNode object, boolean structural) {
    List<String> out = new ArrayList<>();
    JsonNode schema = definitions.get(root);
    if (schema != null && object != null && object.isObject()) {
      new Walk(out, structural).object(schema, object, "", true);
    }
    return out;
  }

  /** One object's walk; {@code structural} switches to the custom resource's pruning rules. */
  private final class Walk {
    private final List<String> out;
    private final boolean structural;

    Walk(List<String> out, boolean structural) {
      this.out = out;
      this.structural = structural;
    }

    void value(JsonNode schemaOrRef, JsonNode value, String path) {
      JsonNode schema = resolve(schemaOrRef);
      if (schema == null || out.size() >= MAX_REPORTED) {
        return;
      }
      if (value.isObject()) {
        object(schema, value, path, schema.path("x-kubernetes-embedded-resource").asBoolean(false));
      } else if (value.isArray() && schema.has("items")) {
        for (int i = 0; i < value.size(); i++) {
          value(schema.get("items"), value.get(i), path + "[" + i + "]");
        }
      }
    }

    void object(JsonNode schema, JsonNode value, String path, boolean resourceRoot) {
      JsonNode properties = schema.get("properties");
      JsonNode additional = schema.get("additionalProperties");
      boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
      boolean closed = structural && !preserve && "object".equals(schema.path("type").asText());
      if (properties == null && additional == null && !closed && !resourceRoot) {
        return;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String name = field.getKey();
        String childPath = path.isEmpty() ? name : path + "." + name;
        JsonNode known = properties == null ? null : properties.get(name);
        if (resourceRoot && (name.equals("apiVersion") || name.equals("kind"))) {
          continue;
        } else if (resourceRoot && name.equals("metadata")) {
          new Walk(out, false).value(metadataSchema(known), field.getValue(), childPath);
        } else if (known != null) {
          value(known, field.getValue(), childPath);
        } else if (additional != null && additional.isObject()) {
          value(additional, field.getValue(), childPath);
        } else if (!preserve && !additional(additional) && out.size() < MAX_REPORTED) {
          out.add("unknown field \"" + childPath + "\"");
        }
      }
    }
  }

  /** ObjectMeta, or ListMeta for lists; an embedded resource's free-form metadata is ObjectMeta too. */
  private JsonNode metadataSchema(JsonNode declared) {
    JsonNode resolved = declared == null ? null : resolve(declared);
    return resolved != null && resolved.has("properties") ? declared
        : SchemaDialect.V3.ref(DefinitionNames.OBJECT_META);
  }

  /** {@code additionalProperties: true} takes any field. */
  private static boolean additional(JsonNode additional) {
    return additional != null && additional.asBoolean(false);
  }

  /** Follows {@code $ref} (and a lone {@code allOf} wrapping one) to the schema itself. */
  private JsonNode resolve(JsonNode schema) {
    JsonNode current = schema;
    for (int hops = 0; current != null && hops < 8; hops++) {
      if (current.has("$ref")) {
        String name = SchemaDialect.V3.definitionOf(current.get("$ref").asText());
        current = name == null ? null : definitions.get(name);
      } else if (current.has("allOf") && !current.has("properties") && current.get("allOf").size() == 1) {
        current = current.get("allOf").get(0);
      } else {
        return current;
      }
    }
    return current;
  }
}
