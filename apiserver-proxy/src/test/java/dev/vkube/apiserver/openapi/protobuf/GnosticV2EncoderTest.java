package dev.vkube.apiserver.openapi.protobuf;

import static dev.vkube.apiserver.openapi.protobuf.GnosticProto.get;
import static dev.vkube.apiserver.openapi.protobuf.GnosticProto.list;
import static dev.vkube.apiserver.openapi.protobuf.GnosticProto.msg;
import static dev.vkube.apiserver.openapi.protobuf.GnosticProto.named;
import static dev.vkube.apiserver.openapi.protobuf.GnosticProto.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Message;
import com.google.protobuf.WireFormat;
import dev.vkube.apiserver.openapi.OpenApiService;
import dev.vkube.apiserver.registry.ResourceRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class GnosticV2EncoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A slice of kube-apiserver's document: a PATCH operation, shared and global parameters, schemas. */
  private static final String SMALL = """
      {"definitions": {
         "io.k8s.api.core.v1.Pod": {
           "description": "Pod is a collection of containers",
           "properties": {
             "labels": {"additionalProperties": {"type": "string"}, "type": "object"},
             "strict": {"additionalProperties": false, "type": "object"},
             "ports": {"items": {"format": "int32", "type": "integer"}, "type": "array",
                       "x-kubernetes-list-map-keys": ["containerPort", "protocol"],
                       "x-kubernetes-list-type": "map"},
             "mode": {"default": "on", "enum": ["on", "Off"], "type": "string"},
             "size": {"maximum": 10, "minimum": 0.5, "maxLength": 3, "type": ["integer", "null"]},
             "spec": {"$ref": "#/definitions/io.k8s.api.core.v1.PodSpec", "description": "spec"}
           },
           "required": ["spec"],
           "type": "object",
           "x-kubernetes-group-version-kind": [{"group": "", "kind": "Pod", "version": "v1"}]
         },
         "io.k8s.api.core.v1.PodSpec": {"properties": {}, "type": "object", "nullable": true},
         "any": {}
       },
       "info": {"title": "Kubernetes", "version": "v1.33.0"},
       "parameters": {"pretty": {"in": "query", "name": "pretty", "type": "string", "uniqueItems": true}},
       "paths": {
         "/api/v1/namespaces/{namespace}/pods/{name}": {
           "patch": {
             "consumes": ["application/json-patch+json", "application/apply-patch+yaml"],
             "description": "partially update the specified Pod",
             "operationId": "patchCoreV1NamespacedPod",
             "parameters": [
               {"in": "body", "name": "body", "required": true,
                "schema": {"$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch"}},
               {"description": "how unknown fields are handled", "in": "query", "name": "fieldValidation",
                "type": "string", "uniqueItems": true},
               {"in": "header", "name": "X-Trace", "type": "string"}
             ],
             "produces": ["application/json"],
             "responses": {
               "200": {"description": "OK", "schema": {"$ref": "#/definitions/io.k8s.api.core.v1.Pod"}},
               "401": {"description": "Unauthorized"},
               "default": {"$ref": "#/responses/error"}
             },
             "schemes": ["https"],
             "tags": ["core_v1"],
             "x-kubernetes-action": "patch",
             "x-kubernetes-group-version-kind": {"group": "", "kind": "Pod", "version": "v1"}
           },
           "parameters": [
             {"description": "name of the Pod", "in": "path", "name": "name", "required": true,
              "type": "string", "uniqueItems": true},
             {"$ref": "#/parameters/pretty"}
           ]
         },
         "x-paths-extension": "yes"
       },
       "security": [{"BearerToken": []}],
       "securityDefinitions": {"BearerToken": {"description": "Bearer Token authentication", "in": "header",
                                               "name": "authorization", "type": "apiKey"}},
       "swagger": "2.0",
       "x-document": {"list": [1, true, null, "yes", 2.5], "empty": {}}
      }
      """;

  @Test
  void documentFieldsDecodeWithTheGnosticProto() throws IOException {
    Message doc = GnosticProto.parse("Document", GnosticV2Encoder.encode(JSON.readTree(SMALL)));

    assertEquals("2.0", get(doc, "swagger"));
    assertEquals("Kubernetes", get(msg(doc, "info"), "title"));
    assertEquals("v1.33.0", get(msg(doc, "info"), "version"));

    Message paths = msg(doc, "paths");
    assertEquals(1, list(paths, "path").size());
    assertEquals("x-paths-extension", get(list(paths, "vendor_extension").get(0), "name"));
    assertEquals("\"yes\"\n", get(msg(list(paths, "vendor_extension").get(0), "value"), "yaml"));

    Message item = named(paths, "path", "/api/v1/namespaces/{namespace}/pods/{name}");
    Message shared = msg(msg(msg(list(item, "parameters").get(0), "parameter"), "non_body_parameter"),
        "path_parameter_sub_schema");
    assertEquals("name", get(shared, "name"));
    assertEquals(true, get(shared, "required"));
    assertEquals("string", get(shared, "type"));
    assertEquals(true, get(shared, "unique_items"));
    assertEquals("#/parameters/pretty", get(msg(list(item, "parameters").get(1), "json_reference"), "_ref"));

    Message patch = msg(item, "patch");
    assertNull(msg(item, "get"));
    assertEquals("patchCoreV1NamespacedPod", get(patch, "operation_id"));
    assertEquals(List.of("core_v1"), strings(patch, "tags"));
    assertEquals(List.of("application/json-patch+json", "application/apply-patch+yaml"), strings(patch, "consumes"));
    assertEquals(List.of("application/json"), strings(patch, "produces"));
    assertEquals(List.of("https"), strings(patch, "schemes"));

    List<Message> parameters = list(patch, "parameters");
    Message body = msg(msg(parameters.get(0), "parameter"), "body_parameter");
    assertEquals("body", get(body, "in"));
    assertEquals(true, get(body, "required"));
    assertEquals("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch", get(msg(body, "schema"), "_ref"));
    // what client-go's QueryParamVerifier reads
    Message query = msg(msg(msg(parameters.get(1), "parameter"), "non_body_parameter"), "query_parameter_sub_schema");
    assertEquals("fieldValidation", get(query, "name"));
    assertEquals("query", get(query, "in"));
    assertEquals("how unknown fields are handled", get(query, "description"));
    Message header = msg(msg(msg(parameters.get(2), "parameter"), "non_body_parameter"), "header_parameter_sub_schema");
    assertEquals("X-Trace", get(header, "name"));

    Message responses = msg(patch, "responses");
    Message ok = msg(named(responses, "response_code", "200"), "response");
    assertEquals("OK", get(ok, "description"));
    assertEquals("#/definitions/io.k8s.api.core.v1.Pod", get(msg(msg(ok, "schema"), "schema"), "_ref"));
    assertEquals("Unauthorized", get(msg(named(responses, "response_code", "401"), "response"), "description"));
    assertEquals("#/responses/error", get(msg(named(responses, "response_code", "default"), "json_reference"), "_ref"));

    Map<String, String> extensions = extensions(list(patch, "vendor_extension"));
    assertEquals("patch\n", extensions.get("x-kubernetes-action"));
    assertEquals(Map.of("group", "", "kind", "Pod", "version", "v1"),
        new Yaml().load(extensions.get("x-kubernetes-group-version-kind")));

    Message pretty = msg(named(msg(doc, "parameters"), "additional_properties", "pretty"), "non_body_parameter");
    assertEquals("pretty", get(msg(pretty, "query_parameter_sub_schema"), "name"));

    Message requirement = list(doc, "security").get(0);
    assertEquals("BearerToken", get(list(requirement, "additional_properties").get(0), "name"));
    Message apiKey = msg(named(msg(doc, "security_definitions"), "additional_properties", "BearerToken"),
        "api_key_security");
    assertEquals("apiKey", get(apiKey, "type"));
    assertEquals("authorization", get(apiKey, "name"));
    assertEquals("header", get(apiKey, "in"));
    assertEquals("Bearer Token authentication", get(apiKey, "description"));

    Map<String, String> documentExtensions = extensions(list(doc, "vendor_extension"));
    assertEquals(JSON.convertValue(JSON.readTree(SMALL).get("x-document"), Object.class),
        new Yaml().load(documentExtensions.get("x-document")));
  }

  @Test
  void schemasDecodeWithTheGnosticProto() throws IOException {
    Message doc = GnosticProto.parse("Document", GnosticV2Encoder.encode(JSON.readTree(SMALL)));
    Message definitions = msg(doc, "definitions");
    assertEquals(List.of("io.k8s.api.core.v1.Pod", "io.k8s.api.core.v1.PodSpec", "any"),
        list(definitions, "additional_properties").stream().map(e -> (String) get(e, "name")).toList());

    Message pod = named(definitions, "additional_properties", "io.k8s.api.core.v1.Pod");
    assertEquals("Pod is a collection of containers", get(pod, "description"));
    assertEquals(List.of("object"), strings(msg(pod, "type"), "value"));
    assertEquals(List.of("spec"), strings(pod, "required"));
    assertEquals(List.of(Map.of("group", "", "kind", "Pod", "version", "v1")),
        new Yaml().load(extensions(list(pod, "vendor_extension")).get("x-kubernetes-group-version-kind")));

    Message properties = msg(pod, "properties");
    assertEquals(List.of("labels", "strict", "ports", "mode", "size", "spec"),
        list(properties, "additional_properties").stream().map(e -> (String) get(e, "name")).toList());
    Message labels = named(properties, "additional_properties", "labels");
    assertEquals(List.of("string"),
        strings(msg(msg(msg(labels, "additional_properties"), "schema"), "type"), "value"));
    Message strict = msg(named(properties, "additional_properties", "strict"), "additional_properties");
    assertTrue(strict.hasField(strict.getDescriptorForType().findFieldByName("boolean")), "false is set, not absent");
    assertEquals(false, get(strict, "boolean"));

    Message ports = named(properties, "additional_properties", "ports");
    List<Message> items = list(msg(ports, "items"), "schema");
    assertEquals(1, items.size());
    assertEquals("int32", get(items.get(0), "format"));
    assertEquals(List.of("integer"), strings(msg(items.get(0), "type"), "value"));
    Map<String, String> listExtensions = extensions(list(ports, "vendor_extension"));
    assertEquals(List.of("containerPort", "protocol"), new Yaml().load(listExtensions.get("x-kubernetes-list-map-keys")));
    assertEquals("map\n", listExtensions.get("x-kubernetes-list-type"));

    Message mode = named(properties, "additional_properties", "mode");
    assertEquals("\"on\"\n", get(msg(mode, "default"), "yaml"), "a YAML 1.1 boolean word stays a string");
    assertEquals(List.of("on", "Off"),
        list(mode, "enum").stream().map(any -> new Yaml().load((String) get(any, "yaml"))).toList());

    Message size = named(properties, "additional_properties", "size");
    assertEquals(10.0, get(size, "maximum"));
    assertEquals(0.5, get(size, "minimum"));
    assertEquals(3L, get(size, "max_length"));
    assertEquals(List.of("integer", "null"), strings(msg(size, "type"), "value"));

    Message spec = named(properties, "additional_properties", "spec");
    assertEquals("#/definitions/io.k8s.api.core.v1.PodSpec", get(spec, "_ref"));
    assertEquals("spec", get(spec, "description"));

    Message podSpec = named(definitions, "additional_properties", "io.k8s.api.core.v1.PodSpec");
    assertNotNull(msg(podSpec, "properties"), "empty properties are present (kube-openapi: an object, not a map)");
    assertEquals(0, list(msg(podSpec, "properties"), "additional_properties").size());
    Message any = named(definitions, "additional_properties", "any");
    assertNotNull(any, "an empty schema is an empty message");
    assertNull(msg(any, "type"));
    assertNull(msg(any, "properties"));
  }

  /** The wire bytes themselves, read with CodedInputStream: tags, wire types, proto3 zero values left out. */
  @Test
  void wireFormatByHand() throws IOException {
    JsonNode schema = JSON.readTree("""
        {"definitions": {"s": {"type": "object", "additionalProperties": false, "readOnly": false,
                               "minimum": 0, "maxItems": 7}}, "swagger": "2.0"}
        """);
    CodedInputStream document = CodedInputStream.newInstance(GnosticV2Encoder.encode(schema));
    assertEquals(tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED), document.readTag());
    assertEquals("2.0", document.readString());
    assertEquals(tag(9, WireFormat.WIRETYPE_LENGTH_DELIMITED), document.readTag());
    CodedInputStream definitions = CodedInputStream.newInstance(document.readByteArray());
    assertEquals(0, document.readTag(), "Document: swagger (1) and definitions (9) only");

    assertEquals(tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED), definitions.readTag());
    CodedInputStream named = CodedInputStream.newInstance(definitions.readByteArray());
    assertEquals(0, definitions.readTag());
    assertEquals(tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED), named.readTag());
    assertEquals("s", named.readString());
    assertEquals(tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED), named.readTag());
    CodedInputStream s = CodedInputStream.newInstance(named.readByteArray());

    // minimum 0, readOnly false: proto3 zero values are not written; maxItems (14) is a varint
    assertEquals(tag(14, WireFormat.WIRETYPE_VARINT), s.readTag());
    assertEquals(7L, s.readInt64());
    // additional_properties (21): AdditionalPropertiesItem{boolean (2) = false}, written: a oneof member
    assertEquals(tag(21, WireFormat.WIRETYPE_LENGTH_DELIMITED), s.readTag());
    CodedInputStream additional = CodedInputStream.newInstance(s.readByteArray());
    assertEquals(tag(2, WireFormat.WIRETYPE_VARINT), additional.readTag());
    assertFalse(additional.readBool());
    assertEquals(0, additional.readTag());
    // type (22): TypeItem{value (1) = "object"}
    assertEquals(tag(22, WireFormat.WIRETYPE_LENGTH_DELIMITED), s.readTag());
    CodedInputStream type = CodedInputStream.newInstance(s.readByteArray());
    assertEquals(tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED), type.readTag());
    assertEquals("object", type.readString());
    assertEquals(0, s.readTag());
  }

  private static int tag(int number, int wireType) {
    return number << 3 | wireType;
  }

  @Test
  void unknownKeysAndUnknownParameterLocationsAreSkipped() throws IOException {
    Message doc = GnosticProto.parse("Document", GnosticV2Encoder.encode(JSON.readTree("""
        {"definitions": {"s": {"oneOf": [{"type": "string"}], "nullable": true, "type": "string"}},
         "paths": {"/x": {"get": {"parameters": [{"in": "cookie", "name": "c"}]}}},
         "unknown": 1}
        """)));
    Message s = named(msg(doc, "definitions"), "additional_properties", "s");
    assertEquals(List.of("string"), strings(msg(s, "type"), "value"));
    Message get = msg(named(msg(doc, "paths"), "path", "/x"), "get");
    assertEquals(1, list(get, "parameters").size());
    assertNull(msg(list(get, "parameters").get(0), "parameter"), "no oneof member for an unknown location");
    assertNull(msg(list(get, "parameters").get(0), "json_reference"));
  }

  @Test
  void acceptNegotiatesLikeKubeOpenApi() {
    assertTrue(GnosticV2Encoder.accepts("application/com.github.proto-openapi.spec.v2@v1.0+protobuf"));
    assertTrue(GnosticV2Encoder.accepts("application/com.github.proto-openapi.spec.v2.v1.0+protobuf"));
    assertTrue(GnosticV2Encoder.accepts("application/json;q=0.5, application/com.github.proto-openapi.spec.v2@v1.0+protobuf"));
    assertFalse(GnosticV2Encoder.accepts(null));
    assertFalse(GnosticV2Encoder.accepts("application/json"));
    assertFalse(GnosticV2Encoder.accepts("*/*"));
    assertFalse(GnosticV2Encoder.accepts("application/json, application/com.github.proto-openapi.spec.v2.v1.0+protobuf"));
    assertFalse(GnosticV2Encoder.accepts("application/com.github.proto-openapi.spec.v2.v1.0+protobuf;q=0"));
  }

  /**
   * The whole served document: it decodes with nothing unknown, the way client-go's
   * QueryParamVerifier finds fieldValidation on Deployment's PATCH works, every {@code _ref} names a
   * definition and every array schema has exactly one item schema (kube-openapi's proto models
   * reject anything else, which would fail kubectl 1.27's client-side validation).
   */
  @Test
  void servedDocumentIsWhatKubectl127Reads() throws IOException {
    OpenApiService service = new OpenApiService(ResourceRegistry.builtin());
    service.registerSchema("pbv2.example.com", "v1", "Backup", JSON.readTree("""
        {"type": "object", "properties": {"spec": {"type": "object", "required": ["schedule"], "properties": {
          "schedule": {"type": "string", "pattern": "^\\\\S+$", "nullable": true},
          "retain": {"type": "integer", "minimum": 1, "default": 3},
          "mode": {"type": "string", "enum": ["on", "off"]},
          "port": {"x-kubernetes-int-or-string": true, "anyOf": [{"type": "integer"}, {"type": "string"}]},
          "targets": {"type": "array", "items": {"type": "string"}, "x-kubernetes-list-type": "set"},
          "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}}}
        """));
    byte[] bytes = service.v2Protobuf();
    assertTrue(bytes == service.v2Protobuf(), "cached");
    Message doc = GnosticProto.parse("Document", bytes);
    JsonNode json = JSON.readTree(service.v2());

    assertEquals(json.path("definitions").size(), list(msg(doc, "definitions"), "additional_properties").size());
    assertEquals(json.path("paths").size(), list(msg(doc, "paths"), "path").size());
    assertTrue(supportsQueryParam(doc, "apps", "v1", "Deployment", "fieldValidation"));
    assertTrue(supportsQueryParam(doc, "", "v1", "ConfigMap", "fieldValidation"));
    assertFalse(supportsQueryParam(doc, "apps", "v1", "Deployment", "noSuchParameter"));
    Message backup = named(msg(doc, "definitions"), "additional_properties", "com.example.pbv2.v1.Backup");
    Message spec = named(msg(backup, "properties"), "additional_properties", "spec");
    Message mode = named(msg(spec, "properties"), "additional_properties", "mode");
    assertEquals(List.of("on", "off"),
        list(mode, "enum").stream().map(any -> new Yaml().load((String) get(any, "yaml"))).toList());
    Message retain = named(msg(spec, "properties"), "additional_properties", "retain");
    assertEquals((Object) 3, new Yaml().load((String) get(msg(retain, "default"), "yaml")));
    assertEquals(1.0, get(retain, "minimum"));

    List<String> refs = new ArrayList<>();
    for (Message definition : list(msg(doc, "definitions"), "additional_properties")) {
      walk(msg(definition, "value"), (String) get(definition, "name"), refs);
    }
    List<String> names = list(msg(doc, "definitions"), "additional_properties").stream()
        .map(e -> "#/definitions/" + get(e, "name")).toList();
    assertFalse(refs.isEmpty());
    refs.forEach(ref -> assertTrue(names.contains(ref), ref));

    service.invalidate();
    assertFalse(bytes == service.v2Protobuf(), "invalidated with v2");
  }

  /** client-go cli-runtime query_param_verifier.go supportsQueryParam, on the reflected message. */
  private static boolean supportsQueryParam(Message doc, String group, String version, String kind, String param) {
    for (Message path : list(msg(doc, "paths"), "path")) {
      Message op = msg(msg(path, "value"), "patch");
      if (op == null) {
        continue;
      }
      String gvk = extensions(list(op, "vendor_extension")).get("x-kubernetes-group-version-kind");
      if (gvk == null || !Map.of("group", group, "version", version, "kind", kind).equals(new Yaml().load(gvk))) {
        continue;
      }
      for (Message item : list(op, "parameters")) {
        Message parameter = msg(item, "parameter");
        Message nonBody = parameter == null ? null : msg(parameter, "non_body_parameter");
        Message query = nonBody == null ? null : msg(nonBody, "query_parameter_sub_schema");
        if (query != null && param.equals(get(query, "name"))) {
          return true;
        }
      }
      return false;
    }
    return false;
  }

  private static void walk(Message schema, String at, List<String> refs) {
    String ref = (String) get(schema, "_ref");
    if (!ref.isEmpty()) {
      refs.add(ref);
    }
    Message type = msg(schema, "type");
    if (type != null && strings(type, "value").equals(List.of("array"))) {
      assertEquals(1, list(msg(schema, "items"), "schema").size(), at + ": one item schema");
    }
    if (msg(schema, "items") != null) {
      for (Message item : list(msg(schema, "items"), "schema")) {
        walk(item, at + "[]", refs);
      }
    }
    if (msg(schema, "properties") != null) {
      for (Message property : list(msg(schema, "properties"), "additional_properties")) {
        walk(msg(property, "value"), at + "." + get(property, "name"), refs);
      }
    }
    Message additional = msg(schema, "additional_properties");
    if (additional != null && msg(additional, "schema") != null) {
      walk(msg(additional, "schema"), at + "{}", refs);
    }
    for (Message any : list(schema, "vendor_extension")) {
      new Yaml().load((String) get(msg(any, "value"), "yaml")); // every extension is valid YAML
    }
  }

  private static Map<String, String> extensions(List<Message> namedAnys) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Message namedAny : namedAnys) {
      out.put((String) get(namedAny, "name"), (String) get(msg(namedAny, "value"), "yaml"));
    }
    return out;
  }
}
