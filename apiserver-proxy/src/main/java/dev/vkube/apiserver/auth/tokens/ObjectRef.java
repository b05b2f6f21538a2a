package dev.vkube.apiserver.auth.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.storage.Json;

/** A name and uid a service-account token is bound to (the `ref` of pkg/serviceaccount/claims.go). */
public record ObjectRef(String name, String uid) {

  /** The ref in a claim, or null when absent. */
  static ObjectRef from(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    return new ObjectRef(node.path("name").asText(""), node.path("uid").asText(""));
  }

  /** As upstream marshals it: empty fields are omitted (omitempty). */
  ObjectNode toJson() {
    ObjectNode out = Json.MAPPER.createObjectNode();
    if (!name.isEmpty()) {
      out.put("name", name);
    }
    if (!uid.isEmpty()) {
      out.put("uid", uid);
    }
    return out;
  }
}
