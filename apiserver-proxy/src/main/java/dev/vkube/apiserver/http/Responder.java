package dev.vkube.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Status;
import dev.vkube.apiserver.storage.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The one place that writes API responses and turns failures into Status bodies (never a stack trace). */
final class Responder {
  private static final Logger LOG = Logger.getLogger(Responder.class.getName());
  static final String JSON = "application/json";

  private Responder() {}

  static void json(HttpServerResponse response, int code, JsonNode body) {
    bytes(response, code, JSON, Json.write(body));
  }

  static void bytes(HttpServerResponse response, int code, String contentType, byte[] body) {
    buffer(response, code, contentType, Buffer.buffer(body));
  }

  static void buffer(HttpServerResponse response, int code, String contentType, Buffer body) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(code).putHeader("Content-Type", contentType)
        .putHeader("Cache-Control", "no-cache, private");
    response.end(body);
  }

  static void failure(HttpServerResponse response, Throwable failure) {
    ApiException e = asApiException(failure);
    if (e.retryAfterSeconds() != null && !response.ended()) {
      response.putHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
    }
    // The Status body ends with a newline, as kube-apiserver's encoder writes it.
    byte[] body = (Status.failure(e).toString() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    bytes(response, e.code(), JSON, body);
  }

  static ApiException asApiException(Throwable failure) {
    Throwable e = dev.vkube.apiserver.registry.StorageErrors.unwrap(failure);
    if (e instanceof ApiException api) {
      return api;
    }
    LOG.log(Level.WARNING, "internal error serving request", e);
    return ApiException.internal(e.getClass().getSimpleName() + ": " + e.getMessage());
  }
}
