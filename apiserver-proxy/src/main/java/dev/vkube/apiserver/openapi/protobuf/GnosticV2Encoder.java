package dev.vkube.apiserver.openapi.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Encodes a Swagger 2.0 document (a JSON tree) as gnostic's {@code openapi.v2.Document} protobuf
 * message, the form kube-apiserver serves {@code /openapi/v2} in to clients that ask for
 * {@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf} (client-go's
 * {@code OpenAPISchema()}; kubectl up to 1.27 validates and explains from it).
 *
 * <p>Field numbers are those of github.com/google/gnostic-models {@code openapiv2/OpenAPIv2.proto}.
 * The mapping follows gnostic's compiler ({@code openapi_v2.ParseDocument}): JSON object keys become
 * fields by their Swagger names, maps become repeated {@code Named*} entries in document order,
 * {@code x-} keys become {@code vendor_extension} entries whose {@code Any} carries the value as YAML
 * text, {@code default}, {@code enum} and {@code example} values are {@code Any} YAML too, and the
 * oneofs (Parameter, ParametersItem, ResponseValue, SchemaItem, AdditionalPropertiesItem,
 * SecurityDefinitionsItem) are chosen as gnostic chooses them ({@code $ref}, {@code in},
 * {@code type}, {@code flow}). Fields are written in field-number order and proto3 zero values are
 * left out, as Go's {@code proto.Marshal} does. Keys the message set has no field for are skipped
 * (gnostic would reject the document). Stateless and thread-safe.
 */
public final class GnosticV2Encoder {
  /**
   * The Content-Type of the protobuf form, as kube-openapi's handler answers both spellings: the
   * {@code @} spelling client-go asks for is no valid media type to Go's mime.ParseMediaType, which
   * client-go runs on the response's Content-Type.
   */
  public static final String MEDIA_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
  /** What client-go's OpenAPISchema() sends as its Accept header (deprecated by kube-openapi). */
  private static final String MEDIA_TYPE_AT = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
  private static final Pattern RESPONSE_CODE = Pattern.compile("[0-9]{3}|default");
  private static final java.util.Set<String> PARAMETER_LOCATIONS = java.util.Set.of("body", "header", "formData",
      "query", "path");

  private GnosticV2Encoder() {}

  /**
   * Whether an Accept header asks for the protobuf form before JSON, as kube-openapi negotiates:
   * media ranges by descending quality (ties in header order); the first one naming either form,
   * or {@code application/*} or {@code *}{@code /*} (JSON), decides. No Accept header: JSON.
   */
  public static boolean accepts(String acceptHeader) {
    if (acceptHeader == null) {
      return false;
    }
    record Range(String type, double quality) {}
    List<Range> ranges = new java.util.ArrayList<>();
    for (String clause : acceptHeader.split(",")) {
      String[] parts = clause.split(";");
      double quality = 1;
      for (int i = 1; i < parts.length; i++) {
        String param = parts[i].trim();
        if (param.startsWith("q=")) {
          try {
            quality = Double.parseDouble(param.substring(2));
          } catch (NumberFormatException e) {
            quality = 0;
          }
        }
      }
      ranges.add(new Range(parts[0].trim().toLowerCase(java.util.Locale.ROOT), quality));
    }
    ranges.sort(java.util.Comparator.comparingDouble(Range::quality).reversed());
    for (Range range : ranges) {
      if (range.quality() <= 0) {
        continue;
      }
      switch (range.type()) {
        case MEDIA_TYPE_AT, MEDIA_TYPE -> {
          return true;
        }
        case "application/json", "application/*", "*/*" -> {
          return false;
        }
        default -> {
          // another media type: look further
        }
      }
    }
    return false;
  }

  /** The encoded {@code openapi.v2.Document} of a Swagger 2.0 document. */
  public static byte[] encode(JsonNode document) {
    return message(document, GnosticV2Encoder::document);
  }

  // ---- the message set: one writer per message, fields in field-number order ----

  /** How one message is written from its JSON value. */
  @FunctionalInterface
  private interface Body {
    void write(JsonNode node, Out out);
  }

  /** How one field's JSON value is written under a field number. */
  @FunctionalInterface
  private interface Value {
    void write(Out out, int number, JsonNode value);
  }

  /** A field of an object message: its Swagger key, number and value writer. */
  private record F(String key, int number, Value value) {}

  private static final Value STRING = (out, n, v) -> out.string(n, text(v));
  private static final Value BOOL = (out, n, v) -> out.bool(n, v.asBoolean());
  private static final Value DOUBLE = (out, n, v) -> out.dbl(n, v.asDouble());
  private static final Value INT64 = (out, n, v) -> out.int64(n, v.asLong());
  private static final Value STRINGS = (out, n, v) -> each(v, item -> out.stringAlways(n, text(item)));
  private static final Value ANY = (out, n, v) -> out.bytes(n, message(v, GnosticV2Encoder::any));
  private static final Value ANYS = (out, n, v) -> each(v, item -> ANY.write(out, n, item));

  private static Value msg(Body body) {
    return (out, n, v) -> {
      if (v.isObject() || v.isArray()) {
        out.bytes(n, message(v, body));
      }
    };
  }

  private static Value msgs(Body body) {
    return (out, n, v) -> each(v, item -> out.bytes(n, message(item, body)));
  }

  /** A map message ({@code Definitions}, {@code Properties}...): repeated {name = 1, value = 2}. */
  private static Value named(Value value) {
    return msg(namedEntries(1, value, key -> true));
  }

  private static Body namedEntries(int number, Value value, java.util.function.Predicate<String> keys) {
    return (node, out) -> fields(node, (key, v) -> {
      if (keys.test(key)) {
        out.bytes(number, message(v, (entry, o) -> {
          o.string(1, key);
          value.write(o, 2, entry);
        }));
      }
    });
  }

  private static final List<F> INFO = List.of(
      new F("title", 1, STRING), new F("version", 2, STRING), new F("description", 3, STRING),
      new F("termsOfService", 4, STRING), new F("contact", 5, msg(GnosticV2Encoder::contact)),
      new F("license", 6, msg(GnosticV2Encoder::license)));
  private static final List<F> CONTACT = List.of(
      new F("name", 1, STRING), new F("url", 2, STRING), new F("email", 3, STRING));
  private static final List<F> LICENSE = List.of(new F("name", 1, STRING), new F("url", 2, STRING));
  private static final List<F> EXTERNAL_DOCS = List.of(new F("description", 1, STRING), new F("url", 2, STRING));
  private static final List<F> TAG = List.of(new F("name", 1, STRING), new F("description", 2, STRING),
      new F("externalDocs", 3, msg(GnosticV2Encoder::externalDocs)));
  private static final List<F> XML = List.of(new F("name", 1, STRING), new F("namespace", 2, STRING),
      new F("prefix", 3, STRING), new F("attribute", 4, BOOL), new F("wrapped", 5, BOOL));
  private static final List<F> JSON_REFERENCE = List.of(new F("$ref", 1, STRING), new F("description", 2, STRING));

  private static final List<F> DOCUMENT = List.of(
      new F("swagger", 1, STRING), new F("info", 2, msg(GnosticV2Encoder::info)), new F("host", 3, STRING),
      new F("basePath", 4, STRING), new F("schemes", 5, STRINGS), new F("consumes", 6, STRINGS),
      new F("produces", 7, STRINGS), new F("paths", 8, msg(GnosticV2Encoder::paths)),
      new F("definitions", 9, named(msg(GnosticV2Encoder::schema))),
      new F("parameters", 10, named(msg(GnosticV2Encoder::parameter))),
      new F("responses", 11, named(msg(GnosticV2Encoder::response))),
      new F("security", 12, msgs(GnosticV2Encoder::securityRequirement)),
      new F("securityDefinitions", 13, named(msg(GnosticV2Encoder::securityDefinitionsItem))),
      new F("tags", 14, msgs(GnosticV2Encoder::tag)),
      new F("externalDocs", 15, msg(GnosticV2Encoder::externalDocs)));

  private static final List<F> PATH_ITEM = List.of(
      new F("$ref", 1, STRING), new F("get", 2, msg(GnosticV2Encoder::operation)),
      new F("put", 3, msg(GnosticV2Encoder::operation)), new F("post", 4, msg(GnosticV2Encoder::operation)),
      new F("delete", 5, msg(GnosticV2Encoder::operation)), new F("options", 6, msg(GnosticV2Encoder::operation)),
      new F("head", 7, msg(GnosticV2Encoder::operation)), new F("patch", 8, msg(GnosticV2Encoder::operation)),
      new F("parameters", 9, msgs(GnosticV2Encoder::parametersItem)));

  private static final List<F> OPERATION = List.of(
      new F("tags", 1, STRINGS), new F("summary", 2, STRING), new F("description", 3, STRING),
      new F("externalDocs", 4, msg(GnosticV2Encoder::externalDocs)), new F("operationId", 5, STRING),
      new F("produces", 6, STRINGS), new F("consumes", 7, STRINGS),
      new F("parameters", 8, msgs(GnosticV2Encoder::parametersItem)),
      new F("responses", 9, msg(GnosticV2Encoder::responses)), new F("schemes", 10, STRINGS),
      new F("deprecated", 11, BOOL), new F("security", 12, msgs(GnosticV2Encoder::securityRequirement)));

  private static final List<F> BODY_PARAMETER = List.of(
      new F("description", 1, STRING), new F("name", 2, STRING), new F("in", 3, STRING),
      new F("required", 4, BOOL), new F("schema", 5, msg(GnosticV2Encoder::schema)));

  /** The validation keywords PrimitivesItems and Header share (fields 1 to 17). */
  private static List<F> primitives(int first) {
    return List.of(
        new F("type", first, STRING), new F("format", first + 1, STRING),
        new F("items", first + 2, msg(GnosticV2Encoder::primitivesItems)),
        new F("collectionFormat", first + 3, STRING), new F("default", first + 4, ANY),
        new F("maximum", first + 5, DOUBLE), new F("exclusiveMaximum", first + 6, BOOL),
        new F("minimum", first + 7, DOUBLE), new F("exclusiveMinimum", first + 8, BOOL),
        new F("maxLength", first + 9, INT64), new F("minLength", first + 10, INT64),
        new F("pattern", first + 11, STRING), new F("maxItems", first + 12, INT64),
        new F("minItems", first + 13, INT64), new F("uniqueItems", first + 14, BOOL),
        new F("enum", first + 15, ANYS), new F("multipleOf", first + 16, DOUBLE));
  }

  private static List<F> concat(List<F> first, List<F> second) {
    return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
  }

  private static final List<F> PRIMITIVES_ITEMS = primitives(1);
  private static final List<F> HEADER = concat(primitives(1), List.of(new F("description", 18, STRING)));
  private static final List<F> PARAMETER_HEAD = List.of(new F("required", 1, BOOL), new F("in", 2, STRING),
      new F("description", 3, STRING), new F("name", 4, STRING));
  /** Query and form data parameters: allowEmptyValue (5), then the primitives from 6; extensions 23. */
  private static final List<F> QUERY_PARAMETER = concat(concat(PARAMETER_HEAD,
      List.of(new F("allowEmptyValue", 5, BOOL))), primitives(6));
  /** Path and header parameters: the primitives from 5; extensions 22. */
  private static final List<F> PATH_PARAMETER = concat(PARAMETER_HEAD, primitives(5));

  private static final List<F> RESPONSE = List.of(
      new F("description", 1, STRING), new F("schema", 2, msg(GnosticV2Encoder::schemaItem)),
      new F("headers", 3, named(msg(GnosticV2Encoder::header))), new F("examples", 4, named(ANY)));

  private static final List<F> FILE_SCHEMA = List.of(
      new F("format", 1, STRING), new F("title", 2, STRING), new F("description", 3, STRING),
      new F("default", 4, ANY), new F("required", 5, STRINGS), new F("type", 6, STRING),
      new F("readOnly", 7, BOOL), new F("externalDocs", 8, msg(GnosticV2Encoder::externalDocs)),
      new F("example", 9, ANY));

  private static final List<F> SCHEMA = List.of(
      new F("$ref", 1, STRING), new F("format", 2, STRING), new F("title", 3, STRING),
      new F("description", 4, STRING), new F("default", 5, ANY), new F("multipleOf", 6, DOUBLE),
      new F("maximum", 7, DOUBLE), new F("exclusiveMaximum", 8, BOOL), new F("minimum", 9, DOUBLE),
      new F("exclusiveMinimum", 10, BOOL), new F("maxLength", 11, INT64), new F("minLength", 12, INT64),
      new F("pattern", 13, STRING), new F("maxItems", 14, INT64), new F("minItems", 15, INT64),
      new F("uniqueItems", 16, BOOL), new F("maxProperties", 17, INT64), new F("minProperties", 18, INT64),
      new F("required", 19, STRINGS), new F("enum", 20, ANYS),
      new F("additionalProperties", 21, GnosticV2Encoder::additionalProperties),
      new F("type", 22, (out, n, v) -> out.bytes(n, message(v, GnosticV2Encoder::typeItem))),
      new F("items", 23, msg(GnosticV2Encoder::itemsItem)),
      new F("allOf", 24, msgs(GnosticV2Encoder::schema)),
      new F("properties", 25, named(msg(GnosticV2Encoder::schema))), new F("discriminator", 26, STRING),
      new F("readOnly", 27, BOOL), new F("xml", 28, msg(GnosticV2Encoder::xml)),
      new F("externalDocs", 29, msg(GnosticV2Encoder::externalDocs)), new F("example", 30, ANY));

  private static final List<F> API_KEY = List.of(new F("type", 1, STRING), new F("name", 2, STRING),
      new F("in", 3, STRING), new F("description", 4, STRING));
  private static final List<F> BASIC = List.of(new F("type", 1, STRING), new F("description", 2, STRING));
  private static final Value SCOPES = named(STRING);
  private static final List<F> OAUTH2_IMPLICIT = List.of(new F("type", 1, STRING), new F("flow", 2, STRING),
      new F("scopes", 3, SCOPES), new F("authorizationUrl", 4, STRING), new F("description", 5, STRING));
  private static final List<F> OAUTH2_PASSWORD = List.of(new F("type", 1, STRING), new F("flow", 2, STRING),
      new F("scopes", 3, SCOPES), new F("tokenUrl", 4, STRING), new F("description", 5, STRING));
  private static final List<F> OAUTH2_ACCESS_CODE = List.of(new F("type", 1, STRING), new F("flow", 2, STRING),
      new F("scopes", 3, SCOPES), new F("authorizationUrl", 4, STRING), new F("tokenUrl", 5, STRING),
      new F("description", 6, STRING));

  private static void document(JsonNode node, Out out) {
    object(node, out, DOCUMENT, 16);
  }

  private static void info(JsonNode node, Out out) {
    object(node, out, INFO, 7);
  }

  private static void contact(JsonNode node, Out out) {
    object(node, out, CONTACT, 4);
  }

  private static void license(JsonNode node, Out out) {
    object(node, out, LICENSE, 3);
  }

  private static void externalDocs(JsonNode node, Out out) {
    object(node, out, EXTERNAL_DOCS, 3);
  }

  private static void tag(JsonNode node, Out out) {
    object(node, out, TAG, 4);
  }

  private static void xml(JsonNode node, Out out) {
    object(node, out, XML, 6);
  }

  /** Paths: vendor_extension = 1, then path = 2 (NamedPathItem) for the keys that are paths. */
  private static void paths(JsonNode node, Out out) {
    vendorExtensions(node, out, 1);
    namedEntries(2, msg(GnosticV2Encoder::pathItem), key -> !key.startsWith("x-")).write(node, out);
  }

  private static void pathItem(JsonNode node, Out out) {
    object(node, out, PATH_ITEM, 10);
  }

  private static void operation(JsonNode node, Out out) {
    object(node, out, OPERATION, 13);
  }

  /** ParametersItem: json_reference (2) for a {@code $ref}, else parameter (1). */
  private static void parametersItem(JsonNode node, Out out) {
    if (node.has("$ref")) {
      out.bytes(2, message(node, GnosticV2Encoder::jsonReference));
    } else if (PARAMETER_LOCATIONS.contains(text(node.path("in")))) {
      out.bytes(1, message(node, GnosticV2Encoder::parameter));
    } // else no Swagger 2.0 parameter: gnostic would reject it, leave the oneof unset
  }

  private static void jsonReference(JsonNode node, Out out) {
    object(node, out, JSON_REFERENCE, 0);
  }

  /** Parameter: body_parameter (1) or non_body_parameter (2), by {@code in}. */
  private static void parameter(JsonNode node, Out out) {
    String in = text(node.path("in"));
    if (in.equals("body")) {
      out.bytes(1, message(node, (n, o) -> object(n, o, BODY_PARAMETER, 6)));
      return;
    }
    // NonBodyParameter: header (1), formData (2), query (3), path (4) sub-schemas
    int choice;
    List<F> fields;
    int extensions;
    switch (in) {
      case "header" -> {
        choice = 1;
        fields = PATH_PARAMETER;
        extensions = 22;
      }
      case "formData" -> {
        choice = 2;
        fields = QUERY_PARAMETER;
        extensions = 23;
      }
      case "query" -> {
        choice = 3;
        fields = QUERY_PARAMETER;
        extensions = 23;
      }
      case "path" -> {
        choice = 4;
        fields = PATH_PARAMETER;
        extensions = 22;
      }
      default -> {
        return; // not a Swagger 2.0 parameter: gnostic would reject it, leave the oneof unset
      }
    }
    out.bytes(2, message(node, (n, o) -> o.bytes(choice, message(n, (p, po) -> object(p, po, fields, extensions)))));
  }

  private static void primitivesItems(JsonNode node, Out out) {
    object(node, out, PRIMITIVES_ITEMS, 18);
  }

  private static void header(JsonNode node, Out out) {
    object(node, out, HEADER, 19);
  }

  /** Responses: response_code = 1 (NamedResponseValue) for status codes and default; extensions 2. */
  private static void responses(JsonNode node, Out out) {
    namedEntries(1, msg(GnosticV2Encoder::responseValue), key -> RESPONSE_CODE.matcher(key).matches())
        .write(node, out);
    vendorExtensions(node, out, 2);
  }

  /** ResponseValue: json_reference (2) for a {@code $ref}, else response (1). */
  private static void responseValue(JsonNode node, Out out) {
    if (node.has("$ref")) {
      out.bytes(2, message(node, GnosticV2Encoder::jsonReference));
    } else {
      out.bytes(1, message(node, GnosticV2Encoder::response));
    }
  }

  private static void response(JsonNode node, Out out) {
    object(node, out, RESPONSE, 5);
  }

  /** SchemaItem: file_schema (2) for {@code type: file}, else schema (1). */
  private static void schemaItem(JsonNode node, Out out) {
    if (text(node.path("type")).equals("file")) {
      out.bytes(2, message(node, (n, o) -> object(n, o, FILE_SCHEMA, 10)));
    } else {
      out.bytes(1, message(node, GnosticV2Encoder::schema));
    }
  }

  private static void schema(JsonNode node, Out out) {
    object(node, out, SCHEMA, 31);
  }

  /** AdditionalPropertiesItem: schema (1) or boolean (2); a oneof member is written even when false. */
  private static void additionalProperties(Out out, int number, JsonNode value) {
    if (value.isBoolean()) {
      out.bytes(number, message(value, (v, o) -> o.boolAlways(2, v.booleanValue())));
    } else if (value.isObject()) {
      out.bytes(number, message(value, (v, o) -> o.bytes(1, message(v, GnosticV2Encoder::schema))));
    }
  }

  /** TypeItem: repeated value = 1, from a type name or a list of them. */
  private static void typeItem(JsonNode node, Out out) {
    STRINGS.write(out, 1, node);
  }

  /** ItemsItem: repeated schema = 1, from one schema or a list of them. */
  private static void itemsItem(JsonNode node, Out out) {
    each(node, item -> {
      if (item.isObject()) {
        out.bytes(1, message(item, GnosticV2Encoder::schema));
      }
    });
  }

  /** SecurityRequirement: repeated NamedStringArray (StringArray: repeated value = 1). */
  private static void securityRequirement(JsonNode node, Out out) {
    namedEntries(1, msg((v, o) -> STRINGS.write(o, 1, v)), key -> true).write(node, out);
  }

  /** SecurityDefinitionsItem: the oneof member by {@code type} (and {@code flow} for oauth2). */
  private static void securityDefinitionsItem(JsonNode node, Out out) {
    String type = text(node.path("type"));
    String flow = text(node.path("flow"));
    switch (type.equals("oauth2") ? "oauth2/" + flow : type) {
      case "basic" -> out.bytes(1, message(node, (n, o) -> object(n, o, BASIC, 3)));
      case "apiKey" -> out.bytes(2, message(node, (n, o) -> object(n, o, API_KEY, 5)));
      case "oauth2/implicit" -> out.bytes(3, message(node, (n, o) -> object(n, o, OAUTH2_IMPLICIT, 6)));
      case "oauth2/password" -> out.bytes(4, message(node, (n, o) -> object(n, o, OAUTH2_PASSWORD, 6)));
      case "oauth2/application" -> out.bytes(5, message(node, (n, o) -> object(n, o, OAUTH2_PASSWORD, 6)));
      case "oauth2/accessCode" -> out.bytes(6, message(node, (n, o) -> object(n, o, OAUTH2_ACCESS_CODE, 7)));
      default -> {
        // unknown security scheme: leave the oneof unset
      }
    }
  }

  /** Any: yaml = 2 (value = 1, a google.protobuf.Any, is never set by gnostic's compiler). */
  private static void any(JsonNode node, Out out) {
    out.string(2, YamlText.of(node));
  }

  // ---- the generic parts ----

  /** Writes the fields of an object message in table order, then its {@code x-} keys (0: none). */
  private static void object(JsonNode node, Out out, List<F> fields, int vendorExtension) {
    if (!node.isObject()) {
      return;
    }
    for (F field : fields) {
      JsonNode value = node.get(field.key());
      if (value != null && !value.isNull()) {
        field.value().write(out, field.number(), value);
      }
    }
    if (vendorExtension > 0) {
      vendorExtensions(node, out, vendorExtension);
    }
  }

  /** Each {@code x-} key as NamedAny {name = 1, value = 2 (Any{yaml})}. */
  private static void vendorExtensions(JsonNode node, Out out, int number) {
    fields(node, (key, value) -> {
      if (key.startsWith("x-")) {
        out.bytes(number, message(value, (v, o) -> {
          o.string(1, key);
          ANY.write(o, 2, v);
        }));
      }
    });
  }

  private static void fields(JsonNode node, java.util.function.BiConsumer<String, JsonNode> action) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        action.accept(entry.getKey(), entry.getValue());
      }
    }
  }

  /** The items of an array, or the value itself (a single item where a list is allowed). */
  private static void each(JsonNode value, java.util.function.Consumer<JsonNode> action) {
    if (value.isArray()) {
      value.forEach(action);
    } else if (!value.isNull() && !value.isMissingNode()) {
      action.accept(value);
    }
  }

  private static String text(JsonNode value) {
    return value.isValueNode() ? value.asText() : "";
  }

  private static byte[] message(JsonNode node, Body body) {
    Out out = new Out();
    body.write(node, out);
    return out.toByteArray();
  }

  /** One message being written; proto3 implicit-presence scalars are skipped at their zero value. */
  private static final class Out {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    private final CodedOutputStream coded = CodedOutputStream.newInstance(bytes, 256);

    void string(int number, String value) {
      if (!value.isEmpty()) {
        stringAlways(number, value);
      }
    }

    void stringAlways(int number, String value) {
      try {
        coded.writeString(number, value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void bool(int number, boolean value) {
      if (value) {
        boolAlways(number, true);
      }
    }

    void boolAlways(int number, boolean value) {
      try {
        coded.writeBool(number, value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void dbl(int number, double value) {
      if (Double.doubleToRawLongBits(value) != 0) {
        try {
          coded.writeDouble(number, value);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    void int64(int number, long value) {
      if (value != 0) {
        try {
          coded.writeInt64(number, value);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    /** A message field: written even when empty (message fields have presence). */
    void bytes(int number, byte[] message) {
      try {
        coded.writeByteArray(number, message);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    byte[] toByteArray() {
      try {
        coded.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }
  }
}
