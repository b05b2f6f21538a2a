package dev.vkube.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ServerVersion;
import java.util.List;
import java.util.Map;

/** The Swagger 2.0 document of {@code /openapi/v2}, shaped like kube-apiserver's. */
final class SwaggerDocument {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SwaggerDocument() {}

  static ObjectNode write(List<PathItem> paths, Map<String, ObjectNode> definitions) {
    ObjectNode doc = NODES.objectNode();
    doc.putObject("definitions").setAll(definitions);
    doc.set("info", info());
    ObjectNode pathsNode = doc.putObject("paths");
    paths.forEach(item -> pathsNode.set(item.path(), pathItem(item)));
    doc.putArray("security").addObject().putArray("BearerToken");
    doc.putObject("securityDefinitions").set("BearerToken", bearerToken());
    return doc.put("swagger", "2.0");
  }

  static ObjectNode info() {
    return NODES.objectNode().put("title", "Kubernetes").put("version", ServerVersion.GIT_VERSION);
  }

  static ObjectNode bearerToken() {
    return NODES.objectNode().put("description", "Bearer Token authentication").put("in", "header")
        .put("name", "authorization").put("type", "apiKey");
  }

  private static ObjectNode pathItem(PathItem item) {
    ObjectNode node = NODES.objectNode();
    for (Operation op : item.operations()) {
      node.set(op.method(), operation(op, item.tag()));
    }
    ArrayNode shared = node.putArray("parameters");
    item.parameters().forEach(p -> shared.add(parameter(p)));
    return node;
  }

  private static ObjectNode operation(Operation op, String tag) {
    ObjectNode node = NODES.objectNode();
    strings(node.putArray("consumes"), op.consumes());
    node.put("description", op.description());
    node.put("operationId", op.id());
    ArrayNode parameters = node.putArray("parameters");
    if (op.body() != null) {
      ObjectNode body = parameters.addObject().put("in", "body").put("name", "body");
      body.put("required", !op.action().startsWith("delete"));
      body.set("schema", SchemaDialect.V2.ref(op.body()));
    }
    op.parameters().forEach(p -> parameters.add(parameter(p)));
    strings(node.putArray("produces"), op.produces());
    ObjectNode responses = node.putObject("responses");
    for (String code : op.codes()) {
      ObjectNode response = responses.putObject(code).put("description", description(code));
      response.set("schema", op.response() == null ? NODES.objectNode().put("type", "string")
          : SchemaDialect.V2.ref(op.response()));
    }
    responses.putObject("401").put("description", "Unauthorized");
    strings(node.putArray("schemes"), List.of("https"));
    strings(node.putArray("tags"), List.of(tag));
    node.put("x-kubernetes-action", op.action());
    node.set("x-kubernetes-group-version-kind", op.gvk().toJson());
    return node;
  }

  private static ObjectNode parameter(Parameter p) {
    ObjectNode node = NODES.objectNode().put("description", p.description()).put("in", p.in())
        .put("name", p.wireName());
    if (p.in().equals("path")) {
      node.put("required", true);
    }
    node.put("type", p.type());
    return node.put("uniqueItems", true);
  }

  static String description(String code) {
    return switch (code) {
      case "201" -> "Created";
      case "202" -> "Accepted";
      default -> "OK";
    };
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
