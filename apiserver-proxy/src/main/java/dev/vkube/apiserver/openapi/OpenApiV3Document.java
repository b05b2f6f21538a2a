package dev.vkube.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * One group version's OpenAPI 3.0 document ({@code /openapi/v3/apis/G/V}), shaped like
 * kube-apiserver's: every operation lists its parameters itself (client-go's QueryParamVerifierV3
 * reads {@code fieldValidation} off the PATCH operation, not the path item), request and response
 * bodies per media type, schemas under {@code components.schemas}.
 */
final class OpenApiV3Document {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private OpenApiV3Document() {}

  static ObjectNode write(List<PathItem> paths, Map<String, ObjectNode> schemas) {
    ObjectNode doc = NODES.objectNode();
    doc.put("openapi", "3.0.0");
    doc.set("info", SwaggerDocument.info());
    ObjectNode pathsNode = doc.putObject("paths");
    paths.forEach(item -> pathsNode.set(item.path(), pathItem(item)));
    ObjectNode components = doc.putObject("components");
    components.putObject("schemas").setAll(schemas);
    ObjectNode bearer = SwaggerDocument.bearerToken();
    components.putObject("securitySchemes").set("BearerToken", bearer);
    doc.putArray("security").addObject().putArray("BearerToken");
    return doc;
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
    node.putArray("tags").add(tag);
    node.put("description", op.description());
    node.put("operationId", op.id());
    ArrayNode parameters = node.putArray("parameters");
    op.parameters().forEach(p -> parameters.add(parameter(p)));
    if (op.body() != null) {
      ObjectNode body = node.putObject("requestBody");
      ObjectNode content = body.putObject("content");
      op.consumes().forEach(type -> content.putObject(type).set("schema", SchemaDialect.V3.ref(op.body())));
      body.put("required", !op.action().startsWith("delete"));
    }
    ObjectNode responses = node.putObject("responses");
    for (String code : op.codes()) {
      ObjectNode response = responses.putObject(code).put("description", SwaggerDocument.description(code));
      ObjectNode content = response.putObject("content");
      ObjectNode schema = op.response() == null ? NODES.objectNode().put("type", "string")
          : SchemaDialect.V3.ref(op.response());
      op.produces().forEach(type -> content.putObject(type).set("schema", schema));
    }
    responses.putObject("401").put("description", "Unauthorized");
    node.put("x-kubernetes-action", op.action());
    node.set("x-kubernetes-group-version-kind", op.gvk().toJson());
    return node;
  }

  private static ObjectNode parameter(Parameter p) {
    ObjectNode node = NODES.objectNode().put("name", p.wireName()).put("in", p.in())
        .put("description", p.description());
    if (p.in().equals("path")) {
      node.put("required", true);
    }
    node.putObject("schema").put("type", p.type()).put("uniqueItems", true);
    return node;
  }
}
