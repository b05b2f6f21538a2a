package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import java.util.List;

/**
 * Whether a daemon pod belongs on a node (daemon_controller.go NodeShouldRunDaemonPod): its
 * nodeSelector and required node affinity match the node, and it tolerates the node's NoSchedule and
 * NoExecute taints, counting the tolerations every daemon pod gets (util.AddOrUpdateDaemonPodTolerations).
 */
final class NodeEligibility {
  private record Default(String key, String effect) {}

  private static final List<Default> DAEMON_TOLERATIONS = List.of(
      new Default("node.kubernetes.io/not-ready", "NoExecute"),
      new Default("node.kubernetes.io/unreachable", "NoExecute"),
      new Default("node.kubernetes.io/disk-pressure", "NoSchedule"),
      new Default("node.kubernetes.io/memory-pressure", "NoSchedule"),
      new Default("node.kubernetes.io/pid-pressure", "NoSchedule"),
      new Default("node.kubernetes.io/unschedulable", "NoSchedule"));
  private static final Default NETWORK_UNAVAILABLE = new Default("node.kubernetes.io/network-unavailable",
      "NoSchedule");

  private NodeEligibility() {}

  /** Adds the daemon tolerations to a pod spec that lacks them. */
  static void addDaemonTolerations(ObjectNode podSpec) {
    ArrayNode tolerations = podSpec.withArray("tolerations");
    List<Default> all = new java.util.ArrayList<>(DAEMON_TOLERATIONS);
    if (podSpec.path("hostNetwork").asBoolean(false)) {
      all.add(NETWORK_UNAVAILABLE);
    }
    for (Default d : all) {
      boolean present = false;
      for (JsonNode t : tolerations) {
        present |= d.key.equals(t.path("key").asText()) && d.effect.equals(t.path("effect").asText());
      }
      if (!present) {
        tolerations.addObject().put("key", d.key).put("operator", "Exists").put("effect", d.effect);
      }
    }
  }

  /** {@code podSpec} must already carry the daemon tolerations. */
  static boolean shouldRun(JsonNode node, JsonNode podSpec) {
    JsonNode labels = node.path("metadata").path("labels");
    for (var it = podSpec.path("nodeSelector").fields(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
        return false;
      }
    }
    JsonNode required = podSpec.path("affinity").path("nodeAffinity")
        .path("requiredDuringSchedulingIgnoredDuringExecution");
    if (!required.isMissingNode() && !matchesAnyTerm(node, required.path("nodeSelectorTerms"))) {
      return false;
    }
    for (JsonNode taint : node.path("spec").path("taints")) {
      String effect = taint.path("effect").asText();
      if (("NoSchedule".equals(effect) || "NoExecute".equals(effect)) && !tolerated(taint, podSpec.path("tolerations"))) {
        return false;
      }
    }
    return true;
  }

  private static boolean matchesAnyTerm(JsonNode node, JsonNode terms) {
    for (JsonNode term : terms) {
      boolean all = term.path("matchExpressions").size() + term.path("matchFields").size() > 0;
      for (JsonNode r : term.path("matchExpressions")) {
        all &= requirement(r, node.path("metadata").path("labels").path(r.path("key").asText()));
      }
      for (JsonNode r : term.path("matchFields")) {
        all &= "metadata.name".equals(r.path("key").asText()) && requirement(r,
            com.fasterxml.jackson.databind.node.TextNode.valueOf(Meta.name(node)));
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static boolean requirement(JsonNode r, JsonNode value) {
    boolean present = !value.isMissingNode() && !value.isNull();
    String text = value.asText();
    return switch (r.path("operator").asText()) {
      case "In" -> present && Selectors.contains(r.path("values"), text);
      case "NotIn" -> !present || !Selectors.contains(r.path("values"), text);
      case "Exists" -> present;
      case "DoesNotExist" -> !present;
      case "Gt", "Lt" -> present && compare(text, r.path("values").path(0).asText(), r.path("operator").asText());
      default -> false;
    };
  }

  private static boolean compare(String value, String bound, String op) {
    try {
      long v = Long.parseLong(value);
      long b = Long.parseLong(bound);
      return "Gt".equals(op) ? v > b : v < b;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** v1.Toleration.ToleratesTaint. */
  static boolean tolerated(JsonNode taint, JsonNode tolerations) {
    for (JsonNode t : tolerations) {
      String effect = t.path("effect").asText("");
      if (!effect.isEmpty() && !effect.equals(taint.path("effect").asText())) {
        continue;
      }
      String key = t.path("key").asText("");
      boolean exists = "Exists".equals(t.path("operator").asText("Equal"));
      if (key.isEmpty() ? exists : key.equals(taint.path("key").asText())
          && (exists || t.path("value").asText("").equals(taint.path("value").asText("")))) {
        return true;
      }
    }
    return false;
  }
}
