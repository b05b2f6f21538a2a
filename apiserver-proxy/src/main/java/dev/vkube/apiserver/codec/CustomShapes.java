package dev.vkube.apiserver.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes types whose JSON Go writes with a hand-made {@code MarshalJSON} instead of from
 * their fields; each shape below follows the Go method named beside it. Everything else is the
 * generic walk of {@link MessageToJson}.
 */
final class CustomShapes {
  /** Turns one message of a custom type into its JSON value. */
  interface Shape {
    JsonNode toJson(Message message, MessageToJson json);
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
  private static final List<String> APIEXTENSIONS =
      List.of(
          "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.",
          "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1.");

  /** Go named {@code []string} types (Verbs, ExtraValue) become {@code message {items}}. */
  private static final Shape STRING_LIST = (message, json) -> json.array(message, "items");

  private static final Map<String, Shape> BY_MESSAGE = byMessage();

  private CustomShapes() {}

  /** The custom shape of a message type, or null when the generic walk applies. */
  static Shape of(Descriptor type) {
    Shape shape = BY_MESSAGE.get(type.getFullName());
    return shape == null && isStringList(type) ? STRING_LIST : shape;
  }

  private static Map<String, Shape> byMessage() {
    Map<String, Shape> shapes = new HashMap<>();
    shapes.put(META + "Time", CustomShapes::time); // meta/v1/time.go
    shapes.put(META + "MicroTime", CustomShapes::microTime); // meta/v1/micro_time.go
    shapes.put(META + "Duration", CustomShapes::duration); // meta/v1/duration.go
    shapes.put(META + "FieldsV1", (m, json) -> json.embedded(bytes(m, "Raw"))); // helpers.go
    shapes.put(
        "k8s.io.apimachinery.pkg.runtime.RawExtension", // runtime/extension.go
        (m, json) -> json.embedded(bytes(m, "raw")));
    shapes.put("k8s.io.apimachinery.pkg.api.resource.Quantity", CustomShapes::quantity);
    shapes.put("k8s.io.apimachinery.pkg.util.intstr.IntOrString", CustomShapes::intOrString);
    for (String apiextensions : APIEXTENSIONS) { // apiextensions/v1/marshal.go
      shapes.put(apiextensions + "JSON", (m, json) -> json.embedded(bytes(m, "raw")));
      shapes.put(apiextensions + "JSONSchemaPropsOrArray", CustomShapes::schemaOrArray);
      shapes.put(apiextensions + "JSONSchemaPropsOrBool", CustomShapes::schemaOrBool);
      shapes.put(apiextensions + "JSONSchemaPropsOrStringArray", CustomShapes::schemaOrStrings);
    }
    return Map.copyOf(shapes);
  }

  /** A zero Time is an empty message (time_proto.go) and Go writes it as null. */
  private static JsonNode time(Message m, MessageToJson json) {
    return isUnset(m)
        ? NODES.nullNode()
        : NODES.textNode(GoTimeFormats.time(longField(m, "seconds")));
  }

  private static JsonNode microTime(Message m, MessageToJson json) {
    return isUnset(m)
        ? NODES.nullNode()
        : NODES.textNode(GoTimeFormats.microTime(longField(m, "seconds"), (int) field(m, "nanos")));
  }

  private static JsonNode duration(Message m, MessageToJson json) {
    return NODES.textNode(GoTimeFormats.duration(longField(m, "duration")));
  }

  /** Quantity.MarshalJSON writes its canonical string, which is what Go put on the wire. */
  private static JsonNode quantity(Message m, MessageToJson json) {
    String value = (String) field(m, "string");
    return NODES.textNode(value.isEmpty() ? "0" : value);
  }

  /** intstr.go: type 0 is the integer, type 1 the string. */
  private static JsonNode intOrString(Message m, MessageToJson json) {
    long type = longField(m, "type");
    if (type == 0) {
      return NODES.numberNode((int) field(m, "intVal"));
    } else if (type == 1) {
      return NODES.textNode((String) field(m, "strVal"));
    }
    throw new IllegalArgumentException("IntOrString has impossible type " + type);
  }

  private static JsonNode schemaOrArray(Message m, MessageToJson json) {
    return hasItems(m, "jSONSchemas") ? json.array(m, "jSONSchemas") : schemaOrNull(m, json);
  }

  private static JsonNode schemaOrBool(Message m, MessageToJson json) {
    return has(m, "schema")
        ? json.message((Message) field(m, "schema"))
        : NODES.booleanNode((boolean) field(m, "allows"));
  }

  private static JsonNode schemaOrStrings(Message m, MessageToJson json) {
    return hasItems(m, "property") ? json.array(m, "property") : schemaOrNull(m, json);
  }

  private static JsonNode schemaOrNull(Message m, MessageToJson json) {
    return has(m, "schema") ? json.message((Message) field(m, "schema")) : NODES.nullNode();
  }

  private static boolean isStringList(Descriptor type) {
    List<FieldDescriptor> fields = type.getFields();
    return fields.size() == 1
        && fields.get(0).getName().equals("items")
        && fields.get(0).isRepeated()
        && fields.get(0).getType() == FieldDescriptor.Type.STRING;
  }

  private static boolean isUnset(Message m) {
    return !has(m, "seconds") && !has(m, "nanos");
  }

  private static FieldDescriptor fd(Message m, String name) {
    return m.getDescriptorForType().findFieldByName(name);
  }

  private static boolean has(Message m, String name) {
    return m.hasField(fd(m, name));
  }

  private static boolean hasItems(Message m, String name) {
    return m.getRepeatedFieldCount(fd(m, name)) > 0;
  }

  private static Object field(Message m, String name) {
    return m.getField(fd(m, name));
  }

  private static long longField(Message m, String name) {
    return ((Number) field(m, name)).longValue();
  }

  private static ByteString bytes(Message m, String name) {
    return (ByteString) field(m, name);
  }
}
