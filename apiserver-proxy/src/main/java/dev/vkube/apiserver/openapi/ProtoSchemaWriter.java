package dev.vkube.apiserver.openapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Writes the OpenAPI definition of a Kubernetes protobuf message and of every message it reaches,
 * by one generic walk over descriptors: the schemas kube-openapi generates from the Go structs,
 * without their descriptions (the descriptors carry no comments).
 *
 * <p>Fields take their Go JSON names, inlined structs are flattened, maps become
 * {@code additionalProperties}, repeated fields arrays with their list extensions; the Go types
 * that marshal themselves (Time, Quantity, IntOrString, RawExtension...) get the schemas their
 * {@code OpenAPIDefinition} / {@code OpenAPISchemaType} methods declare.
 */
final class ProtoSchemaWriter {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
  private static final List<String> APIEXTENSIONS = List.of(
      "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.",
      "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1.");

  private final ProtoTypes types;
  private final ListSemantics lists;
  private final SchemaDialect dialect;
  private final Map<String, Function<SchemaDialect, ObjectNode>> customTypes = customTypes();
  private final Map<String, ObjectNode> definitions = new TreeMap<>();

  ProtoSchemaWriter(ProtoTypes types, ListSemantics lists, SchemaDialect dialect) {
    this.types = types;
    this.lists = lists;
    this.dialect = dialect;
  }

  /** The definitions written so far, by name, sorted. */
  Map<String, ObjectNode> definitions() {
    return definitions;
  }

  /** Writes the message's definition (once) and those it references; returns its name. */
  String define(Descriptor message) {
    String name = DefinitionNames.of(message);
    if (definitions.containsKey(name)) {
      return name;
    }
    Function<SchemaDialect, ObjectNode> custom = customTypes.get(message.getFullName());
    if (custom != null) {
      definitions.put(name, custom.apply(dialect));
      return name;
    }
    ObjectNode schema = NODES.objectNode();
    definitions.put(name, schema); // before the fields: recursive types (JSONSchemaProps) end here
    TreeMap<String, ObjectNode> properties = new TreeMap<>();
    addFields(message, properties);
    if (!properties.isEmpty()) {
      schema.putObject("properties").setAll(properties);
    }
    schema.put("type", "object");
    return name;
  }

  private void addFields(Descriptor message, Map<String, ObjectNode> properties) {
    for (FieldDescriptor field : message.getFields()) {
      if (isMessage(field) && !field.isMapField() && types.inlined(field)) {
        addFields(field.getMessageType(), properties);
      } else {
        properties.put(types.jsonName(field), fieldSchema(field));
      }
    }
  }

  private ObjectNode fieldSchema(FieldDescriptor field) {
    if (field.isMapField()) {
      ObjectNode map = NODES.objectNode();
      map.set("additionalProperties", valueSchema(field.getMessageType().findFieldByName("value")));
      return map.put("type", "object");
    } else if (field.isRepeated()) {
      ObjectNode array = NODES.objectNode();
      array.set("items", valueSchema(field));
      array.put("type", "array");
      lists.annotate(field, array);
      return array;
    }
    return valueSchema(field);
  }

  /** The schema of one value of the field (an element, for repeated fields). */
  private ObjectNode valueSchema(FieldDescriptor field) {
    return switch (field.getJavaType()) {
      case INT -> NODES.objectNode().put("type", "integer").put("format", "int32");
      case LONG -> NODES.objectNode().put("type", "integer").put("format", "int64");
      case FLOAT -> NODES.objectNode().put("type", "number").put("format", "float");
      case DOUBLE -> NODES.objectNode().put("type", "number").put("format", "double");
      case BOOLEAN -> NODES.objectNode().put("type", "boolean");
      case STRING, ENUM -> NODES.objectNode().put("type", "string");
      case BYTE_STRING -> NODES.objectNode().put("type", "string").put("format", "byte");
      case MESSAGE -> isStringList(field.getMessageType())
          ? stringArray()
          : dialect.ref(define(field.getMessageType()));
    };
  }

  private static boolean isMessage(FieldDescriptor field) {
    return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
  }

  /** Go named {@code []string} types (rbac Verbs, ExtraValue) are a message with repeated items. */
  private static boolean isStringList(Descriptor type) {
    List<FieldDescriptor> fields = type.getFields();
    return fields.size() == 1
        && fields.get(0).getName().equals("items")
        && fields.get(0).isRepeated()
        && fields.get(0).getType() == FieldDescriptor.Type.STRING;
  }

  private static ObjectNode stringArray() {
    ObjectNode array = NODES.objectNode();
    array.putObject("items").put("type", "string");
    return array.put("type", "array");
  }

  /** The OpenAPIDefinition of each Go type that marshals itself (apimachinery, apiextensions). */
  private static Map<String, Function<SchemaDialect, ObjectNode>> customTypes() {
    Map<String, Function<SchemaDialect, ObjectNode>> types = new java.util.HashMap<>();
    types.put(META + "Time", d -> dateTime());
    types.put(META + "MicroTime", d -> dateTime());
    types.put(META + "Duration", d -> NODES.objectNode().put("type", "string"));
    types.put(META + "FieldsV1", d -> NODES.objectNode().put("type", "object"));
    types.put("k8s.io.apimachinery.pkg.runtime.RawExtension", d -> NODES.objectNode().put("type", "object"));
    types.put("k8s.io.apimachinery.pkg.api.resource.Quantity", SchemaDialect::quantity);
    types.put("k8s.io.apimachinery.pkg.util.intstr.IntOrString", SchemaDialect::intOrString);
    for (String apiextensions : APIEXTENSIONS) { // any JSON value: no type (apiextensions marshal.go)
      for (String any : List.of("JSON", "JSONSchemaPropsOrArray", "JSONSchemaPropsOrBool",
          "JSONSchemaPropsOrStringArray")) {
        types.put(apiextensions + any, d -> NODES.objectNode());
      }
    }
    return Map.copyOf(types);
  }

  private static ObjectNode dateTime() {
    return NODES.objectNode().put("type", "string").put("format", "date-time");
  }
}
