package dev.vkube.apiserver.openapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where Swagger 2.0 and OpenAPI 3.0 differ in kube-apiserver's schemas: where definitions live, and
 * the types whose Go code names several JSON types (Quantity and IntOrString implement
 * {@code OpenAPIV3OneOfTypes}, which v3 turns into {@code oneOf} and v2 cannot express).
 */
enum SchemaDialect {
  V2("#/definitions/"),
  V3("#/components/schemas/");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String refPrefix;

  SchemaDialect(String refPrefix) {
    this.refPrefix = refPrefix;
  }

  ObjectNode ref(String definition) {
    return NODES.objectNode().put("$ref", refPrefix + definition);
  }

  /** The definition a {@code $ref} of this dialect points to, or null for another reference. */
  String definitionOf(String ref) {
    return ref.startsWith(refPrefix) ? ref.substring(refPrefix.length()) : null;
  }

  /** resource.Quantity: a string in v2; {@code oneOf string, number} in v3 (quantity.go). */
  ObjectNode quantity() {
    return this == V2 ? NODES.objectNode().put("type", "string") : oneOf("string", "number");
  }

  /** intstr.IntOrString: format int-or-string; {@code oneOf integer, string} in v3 (intstr.go). */
  ObjectNode intOrString() {
    ObjectNode schema = this == V2 ? NODES.objectNode().put("type", "string") : oneOf("integer", "string");
    return schema.put("format", "int-or-string");
  }

  private static ObjectNode oneOf(String first, String second) {
    ObjectNode schema = NODES.objectNode();
    schema.putArray("oneOf").add(NODES.objectNode().put("type", first)).add(NODES.objectNode().put("type", second));
    return schema;
  }
}
