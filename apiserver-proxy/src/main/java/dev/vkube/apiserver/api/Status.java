package dev.vkube.apiserver.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders metav1.Status bodies. Keys in kube-apiserver's order (kind, apiVersion, metadata, status,
 * message, reason, details, code): some clients compare 409 bodies byte for byte.
 */
public final class Status {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Status() {}

  public static ObjectNode failure(ApiException e) {
    ObjectNode status = header("Failure");
    status.put("message", e.getMessage());
    if (e.reason() != null && !e.reason().isEmpty()) {
      status.put("reason", e.reason());
    }
    ObjectNode details = details(e);
    if (details != null) {
      status.set("details", details);
    }
    status.put("code", e.code());
    return status;
  }

  /** The Status kube-apiserver returns when a delete completes for resources that answer with Status. */
  public static ObjectNode success(String group, String kind, String name, String uid) {
    ObjectNode status = header("Success");
    ObjectNode details = status.putObject("details");
    details.put("name", name);
    if (group != null && !group.isEmpty()) {
      details.put("group", group);
    }
    details.put("kind", kind);
    if (uid != null) {
      details.put("uid", uid);
    }
    return status;
  }

  private static ObjectNode header(String outcome) {
    ObjectNode status = NODES.objectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", outcome);
    return status;
  }

  private static ObjectNode details(ApiException e) {
    if (e.name() == null && e.kind() == null && e.causes().isEmpty() && e.retryAfterSeconds() == null) {
      return null;
    }
    ObjectNode details = NODES.objectNode();
    if (e.name() != null && !e.name().isEmpty()) {
      details.put("name", e.name());
    }
    if (e.group() != null && !e.group().isEmpty()) {
      details.put("group", e.group());
    }
    if (e.kind() != null && !e.kind().isEmpty()) {
      details.put("kind", e.kind());
    }
    if (!e.causes().isEmpty()) {
      var causes = details.putArray("causes");
      for (StatusCause cause : e.causes()) {
        ObjectNode c = causes.addObject();
        c.put("reason", cause.reason());
        c.put("message", cause.message());
        if (cause.field() != null) {
          c.put("field", cause.field());
        }
      }
    }
    if (e.retryAfterSeconds() != null) {
      details.put("retryAfterSeconds", e.retryAfterSeconds());
    }
    return details;
  }
}
