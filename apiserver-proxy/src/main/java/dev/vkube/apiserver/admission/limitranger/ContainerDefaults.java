package dev.vkube.apiserver.admission.limitranger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.admission.resources.PodResources;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * mergePodResourceRequirements: missing container limits and requests come from the Container items'
 * default and defaultRequest; the pod is annotated with what was set, e.g.
 * "LimitRanger plugin set: cpu request for container app; cpu limit for container app".
 */
final class ContainerDefaults {
  private ContainerDefaults() {}

  static void apply(ObjectNode pod, JsonNode range) {
    ObjectNode limits = pod.objectNode();
    ObjectNode requests = pod.objectNode();
    for (JsonNode item : range.path("spec").path("limits")) {
      if (item.path("type").asText().equals("Container")) {
        limits.setAll((ObjectNode) item.path("default"));
        requests.setAll((ObjectNode) item.path("defaultRequest"));
      }
    }
    if (limits.isEmpty() && requests.isEmpty()) {
      return;
    }
    List<String> notes = new ArrayList<>();
    ObjectNode spec = pod.with("spec");
    for (JsonNode c : spec.path("containers")) {
      merge((ObjectNode) c, limits, requests, "container", notes);
    }
    for (JsonNode c : spec.path("initContainers")) {
      merge((ObjectNode) c, limits, requests, "init container", notes);
    }
    if (!notes.isEmpty()) {
      pod.with("metadata").with("annotations").put(LimitRanger.ANNOTATION,
          "LimitRanger plugin set: " + String.join("; ", notes));
      // status.qosClass was computed before admission; the defaults can change it (upstream computes it after)
      if (pod.path("status").has("qosClass")) {
        pod.with("status").put("qosClass", PodResources.qosClass(spec));
      }
    }
  }

  private static void merge(ObjectNode container, ObjectNode limits, ObjectNode requests, String prefix,
      List<String> notes) {
    ObjectNode resources = container.with("resources");
    // pod defaulting runs before admission upstream: a user's limit is also the request (SetDefaults_Pod)
    fill(resources.with("requests"), (ObjectNode) resources.with("limits").deepCopy());
    TreeSet<String> setLimits = fill(resources.with("limits"), limits);
    TreeSet<String> setRequests = fill(resources.with("requests"), requests);
    String name = container.path("name").asText();
    if (!setRequests.isEmpty()) {
      notes.add(String.join(", ", setRequests) + " request for " + prefix + " " + name);
    }
    if (!setLimits.isEmpty()) {
      notes.add(String.join(", ", setLimits) + " limit for " + prefix + " " + name);
    }
  }

  private static TreeSet<String> fill(ObjectNode target, ObjectNode defaults) {
    TreeSet<String> set = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = defaults.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!target.has(e.getKey())) {
        target.set(e.getKey(), e.getValue().deepCopy());
        set.add(e.getKey());
      }
    }
    return set;
  }
}
