package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import java.time.Instant;
import java.util.Comparator;

/** Pod predicates the controllers share (pkg/api/v1/pod/util.go, pkg/controller/controller_utils.go). */
final class Pods {
  private Pods() {}

  static String phase(JsonNode pod) {
    return pod.path("status").path("phase").asText("Pending");
  }

  static boolean terminal(JsonNode pod) {
    String phase = phase(pod);
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /** controller.IsPodActive: not finished and not being deleted. */
  static boolean active(JsonNode pod) {
    return !terminal(pod) && !Meta.deleting(pod);
  }

  static boolean ready(JsonNode pod) {
    return Conditions.isTrue(pod.path("status"), "Ready");
  }

  static boolean running(JsonNode pod) {
    return "Running".equals(phase(pod));
  }

  /** podutil.IsPodAvailable: Ready for at least minReadySeconds. */
  static boolean available(JsonNode pod, int minReadySeconds, Instant now) {
    if (!ready(pod)) {
      return false;
    }
    if (minReadySeconds <= 0) {
      return true;
    }
    Instant since = readySince(pod);
    return since != null && !since.plusSeconds(minReadySeconds).isAfter(now);
  }

  static Instant readySince(JsonNode pod) {
    JsonNode c = Conditions.get(pod.path("status"), "Ready");
    String text = c == null ? "" : c.path("lastTransitionTime").asText("");
    return text.isEmpty() ? null : Instant.parse(text);
  }

  static boolean labelsMatchTemplate(JsonNode pod, JsonNode template) {
    JsonNode labels = pod.path("metadata").path("labels");
    for (var it = template.path("metadata").path("labels").fields(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
        return false;
      }
    }
    return true;
  }

  /**
   * A pod from a controller's template (controller.GetPodFromTemplate): the template's labels,
   * annotations, finalizers and spec, and the owner as controller.
   */
  static ObjectNode fromTemplate(JsonNode template, Kind ownerKind, JsonNode owner) {
    ObjectNode pod = JsonNodeFactory.instance.objectNode();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    ObjectNode meta = pod.putObject("metadata");
    JsonNode templateMeta = template.path("metadata");
    meta.set("labels", templateMeta.path("labels").isObject() ? templateMeta.get("labels").deepCopy()
        : JsonNodeFactory.instance.objectNode());
    for (String field : new String[] {"annotations", "finalizers"}) {
      if (templateMeta.hasNonNull(field)) {
        meta.set(field, templateMeta.get(field).deepCopy());
      }
    }
    Owners.setController(pod, ownerKind, owner);
    pod.set("spec", template.path("spec").deepCopy());
    return pod;
  }

  static ObjectNode labels(ObjectNode object) {
    return Meta.metadata(object).with("labels");
  }

  /**
   * The order in which a controller deletes pods (controller.ActivePods ranking): unassigned before
   * assigned, pending before running, not ready before ready, recently ready before long ready, newer
   * before older.
   */
  static final Comparator<JsonNode> DELETE_FIRST = Comparator
      .comparing((JsonNode p) -> !p.path("spec").path("nodeName").asText("").isEmpty())
      .thenComparing(p -> phaseRank(phase(p)))
      .thenComparing(Pods::ready)
      .thenComparing((JsonNode p) -> readySince(p) == null ? Instant.MAX : readySince(p), Comparator.reverseOrder())
      .thenComparing((JsonNode p) -> p.path("metadata").path("creationTimestamp").asText(""),
          Comparator.reverseOrder());

  private static int phaseRank(String phase) {
    return switch (phase) {
      case "Pending" -> 0;
      case "Unknown" -> 1;
      case "Running" -> 2;
      default -> 3;
    };
  }
}
