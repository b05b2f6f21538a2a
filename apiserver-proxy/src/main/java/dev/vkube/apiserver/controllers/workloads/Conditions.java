package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import java.time.Instant;

/**
 * Status conditions, the user-facing channel of a controller. lastTransitionTime changes only when
 * the status does (as upstream's SetDeploymentCondition and job condition helpers keep it).
 */
final class Conditions {
  private Conditions() {}

  /** A writable copy of the object's status (an empty one when it has none yet). */
  static ObjectNode statusCopy(JsonNode object) {
    JsonNode status = object.path("status");
    return status.isObject() ? status.deepCopy() : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
        .objectNode();
  }

  static JsonNode get(JsonNode status, String type) {
    for (JsonNode c : status.path("conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c;
      }
    }
    return null;
  }

  static boolean isTrue(JsonNode status, String type) {
    JsonNode c = get(status, type);
    return c != null && "True".equals(c.path("status").asText());
  }

  /** Sets the condition; with {@code updateTime} it also carries lastUpdateTime (apps conditions). */
  static void set(ObjectNode status, String type, String value, String reason, String message, Instant now,
      boolean updateTime) {
    ArrayNode conditions = status.withArray("conditions");
    String nowText = Meta.timestamp(now);
    for (int i = 0; i < conditions.size(); i++) {
      ObjectNode c = (ObjectNode) conditions.get(i);
      if (type.equals(c.path("type").asText())) {
        boolean same = value.equals(c.path("status").asText()) && reason.equals(c.path("reason").asText());
        if (same && message.equals(c.path("message").asText())) {
          return;
        }
        String transition = value.equals(c.path("status").asText()) ? c.path("lastTransitionTime").asText(nowText)
            : nowText;
        conditions.set(i, condition(type, value, reason, message, nowText, transition, updateTime));
        return;
      }
    }
    conditions.add(condition(type, value, reason, message, nowText, nowText, updateTime));
  }

  private static ObjectNode condition(String type, String value, String reason, String message, String now,
      String transition, boolean updateTime) {
    ObjectNode c = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    c.put("type", type);
    c.put("status", value);
    if (updateTime) {
      c.put("lastUpdateTime", now);
    } else {
      c.put("lastProbeTime", now);
    }
    c.put("lastTransitionTime", transition);
    c.put("reason", reason);
    c.put("message", message);
    return c;
  }

  static void remove(ObjectNode status, String type) {
    ArrayNode conditions = status.withArray("conditions");
    for (int i = conditions.size() - 1; i >= 0; i--) {
      if (type.equals(conditions.get(i).path("type").asText())) {
        conditions.remove(i);
      }
    }
  }
}
