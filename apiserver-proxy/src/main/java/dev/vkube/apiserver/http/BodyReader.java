package dev.vkube.apiserver.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.storage.Json;
import java.io.IOException;
import java.util.Locale;
import java.util.function.Function;

/**
 * Decodes request bodies by Content-Type: JSON, YAML, and client-go's protobuf envelope. Malformed
 * bodies are 400, unknown media types 415 (kube-apiserver's negotiation).
 */
final class BodyReader {
  static final int MAX_BODY_BYTES = 3 * 1024 * 1024;
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final Function<byte[], ObjectNode> protobuf;

  BodyReader(Function<byte[], ObjectNode> protobuf) {
    this.protobuf = protobuf;
  }

  /** The body as a JSON tree (an object for writes, any JSON for patches). */
  JsonNode read(String contentType, byte[] body) {
    String type = mediaType(contentType);
    try {
      if (type.equals("application/vnd.kubernetes.protobuf")) {
        return protobuf.apply(body);
      }
      if (type.equals("application/yaml") || type.equals("application/apply-patch+yaml")) {
        return orEmpty(YAML.readTree(body));
      }
      if (type.isEmpty() || type.endsWith("json")) {
        return orEmpty(Json.MAPPER.readTree(body));
      }
    } catch (dev.vkube.apiserver.codec.UnregisteredKindException e) {
      throw new ApiException(415, "UnsupportedMediaType", e.getMessage(), null, null, null, null, null);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("the body of the request could not be decoded: " + e.getOriginalMessage());
    } catch (IOException | IllegalArgumentException e) {
      throw ApiException.badRequest("the body of the request could not be decoded: " + e.getMessage());
    }
    throw ApiException.unsupportedMediaType(contentType);
  }

  ObjectNode readObject(String contentType, byte[] body) {
    JsonNode node = read(contentType, body);
    if (!(node instanceof ObjectNode object)) {
      throw ApiException.badRequest("Object 'Kind' is missing in '" + node + "'");
    }
    return object;
  }

  static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  private static JsonNode orEmpty(JsonNode node) {
    return node == null || node.isMissingNode() ? Json.MAPPER.createObjectNode() : node;
  }
}
