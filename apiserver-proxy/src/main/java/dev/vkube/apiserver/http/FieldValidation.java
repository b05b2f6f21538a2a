package dev.vkube.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.openapi.OpenApiService;
import dev.vkube.apiserver.registry.ResourceDefinition;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Server-side field validation ({@code fieldValidation=Ignore|Warn|Strict}, Warn by default): unknown
 * fields become Warning headers, or with Strict a 400 in kube-apiserver's words ("Deployment in version
 * \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.x\"").
 */
final class FieldValidation {
  private final OpenApiService openapi;
  private final BooleanSupplier schemasReady;

  FieldValidation(OpenApiService openapi, BooleanSupplier schemasReady) {
    this.openapi = openapi;
    this.schemasReady = schemasReady;
  }

  /** Checks {@code object} per the request's mode; adds warnings to the response or throws. */
  void check(HttpServerRequest request, ResourceDefinition def, JsonNode object) {
    String mode = request.getParam("fieldValidation");
    if (mode == null || mode.isEmpty()) {
      mode = "Warn";
    }
    switch (mode) {
      case "Ignore", "Warn" -> {
        // Best effort: never hold a request on the first build of the schemas.
        if (schemasReady.getAsBoolean()) {
          List<String> unknown = unknown(def, object);
          if (mode.equals("Warn")) {
            for (String message : unknown) {
              request.response().headers().add("Warning", "299 - \"" + message.replace("\"", "\\\"") + "\"");
            }
          }
          dropUnknown(def, object, unknown);
        }
      }
      case "Strict" -> {
        List<String> unknown = unknown(def, object);
        if (!unknown.isEmpty()) {
          throw ApiException.badRequest(def.kind() + " in version \"" + def.version() + "\" cannot be handled as a "
              + def.kind() + ": strict decoding error: " + String.join(", ", unknown));
        }
      }
      default -> throw ApiException.badRequest("fieldValidation: Unsupported value: \"" + mode
          + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
    }
  }

  /**
   * A built-in type decodes into Go structs, so kube-apiserver never stores a field its schema lacks;
   * custom resources are pruned by their structural schema instead.
   */
  private static void dropUnknown(ResourceDefinition def, JsonNode object, List<String> unknown) {
    if (!def.strategy().prunesUnknownFieldsItself()) {
      unknown.forEach(message -> UnknownFieldPaths.remove(object, message));
    }
  }

  private List<String> unknown(ResourceDefinition def, JsonNode object) {
    return openapi.unknownFields(def.group(), def.version(), def.kind(), object);
  }
}
