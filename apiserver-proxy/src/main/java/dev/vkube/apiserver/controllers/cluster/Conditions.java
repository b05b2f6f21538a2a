package dev.vkube.apiserver.controllers.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import java.time.Instant;

/**
 * Status conditions as the upstream helpers keep them: one entry per type, and lastTransitionTime
 * moves only when the status changes (apimachinery meta.SetStatusCondition).
 */
public final class Conditions {
  private Conditions() {}

  /** The condition of {@code type} in {@code conditions}, or a missing node. */
  public static JsonNode find(JsonNode conditions, String type) {
    for (JsonNode c : conditions) {
      if (type.equals(c.path("type").asText())) {
        return c;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  public static boolean isTrue(JsonNode conditions, String type) {
    return "True".equals(find(conditions, type).path("status").asText());
  }

  /** Sets one condition in place; returns whether anything but timestamps changed. */
  public static boolean set(ArrayNode conditions, String type, String status, String reason, String message,
      Instant now) {
    for (JsonNode existing : conditions) {
      if (type.equals(existing.path("type").asText()) && existing instanceof ObjectNode c) {
        boolean transition = !status.equals(c.path("status").asText());
        boolean changed = transition || !reason.equals(c.path("reason").asText())
            || !message.equals(c.path("message").asText());
        c.put("status", status).put("reason", reason).put("message", message);
        if (transition || !c.has("lastTransitionTime")) {
          c.put("lastTransitionTime", Meta.timestamp(now));
        }
        return changed;
      }
    }
    conditions.addObject().put("type", type).put("status", status).put("lastTransitionTime", Meta.timestamp(now))
        .put("reason", reason).put("message", message);
    return true;
  }
}
