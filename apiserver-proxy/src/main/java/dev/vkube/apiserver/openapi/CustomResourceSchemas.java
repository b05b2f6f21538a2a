package dev.vkube.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * The published schemas of a custom resource, from its CRD's structural schema, as
 * apiextensions-apiserver's OpenAPI builder publishes them (pkg/controller/openapi/builder): the
 * object's {@code apiVersion}, {@code kind} and {@code metadata} (a reference to ObjectMeta) are
 * filled in, the list type is added, and Swagger 2.0 gets the schema without the OpenAPI 3 keywords
 * it cannot express (v2/conversion.go drops nullable and the value-validation combinators).
 */
final class CustomResourceSchemas {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> NOT_IN_V2 = Set.of("nullable", "oneOf", "anyOf", "not", "allOf");

  private CustomResourceSchemas() {}

  /** The object's schema; {@code crdSchema} is null when the CRD declares none (schemaless). */
  static ObjectNode object(JsonNode crdSchema, SchemaDialect dialect) {
    ObjectNode schema = crdSchema instanceof ObjectNode given ? given.deepCopy() : preserveUnknown();
    if (dialect == SchemaDialect.V2) {
      stripForV2(schema);
    }
    schema.put("type", "object");
    ObjectNode properties = schema.has("properties") ? (ObjectNode) schema.get("properties")
        : schema.putObject("properties");
    properties.set("apiVersion", NODES.objectNode().put("type", "string"));
    properties.set("kind", NODES.objectNode().put("type", "string"));
    properties.set("metadata", dialect.ref(DefinitionNames.OBJECT_META));
    return schema;
  }

  /** {@code <Kind>List}: items of the object's definition, list metadata. */
  static ObjectNode list(String itemDefinition, SchemaDialect dialect) {
    ObjectNode schema = NODES.objectNode();
    ObjectNode properties = schema.putObject("properties");
    properties.set("apiVersion", NODES.objectNode().put("type", "string"));
    ObjectNode items = properties.putObject("items");
    items.set("items", dialect.ref(itemDefinition));
    items.put("type", "array");
    properties.set("kind", NODES.objectNode().put("type", "string"));
    properties.set("metadata", dialect.ref(DefinitionNames.LIST_META));
    schema.putArray("required").add("items");
    return schema.put("type", "object");
  }

  private static ObjectNode preserveUnknown() {
    return NODES.objectNode().put("x-kubernetes-preserve-unknown-fields", true);
  }

  /** Walks schema positions only: a property may well be called {@code not} or {@code nullable}. */
  private static void stripForV2(JsonNode schema) {
    if (!(schema instanceof ObjectNode object)) {
      return;
    }
    object.remove(NOT_IN_V2);
    if (object.get("properties") instanceof ObjectNode properties) {
      properties.forEach(CustomResourceSchemas::stripForV2);
    }
    stripForV2(object.get("items"));
    stripForV2(object.get("additionalProperties"));
  }
}
