package dev.vkube.apiserver.admission.tolerations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.admission.AdmissionPlugin;
import dev.vkube.apiserver.admission.AdmissionRequest;
import dev.vkube.apiserver.admission.Operation;
import dev.vkube.apiserver.admission.resources.PodResources;
import dev.vkube.apiserver.admission.resources.ResourceNames;
import java.util.TreeSet;

/**
 * ExtendedResourceToleration (plugin/pkg/admission/extendedresourcetoleration), on by default in
 * vkube (specs/gpu.md §1.5): a pod requesting nvidia.com/gpu tolerates the taint nvidia.com/gpu:NoSchedule
 * that GPU nodes carry. One {key, Exists, NoSchedule} per extended resource, sorted, appended.
 */
public final class ExtendedResourceToleration implements AdmissionPlugin {
  @Override
  public String name() {
    return "ExtendedResourceToleration";
  }

  @Override
  public boolean handles(AdmissionRequest request) {
    return (request.operation() == Operation.CREATE || request.operation() == Operation.UPDATE)
        && request.is("", "pods");
  }

  @Override
  public void admit(AdmissionRequest request) {
    ObjectNode spec = request.object().with("spec");
    TreeSet<String> names = new TreeSet<>();
    for (String list : new String[] {"initContainers", "containers"}) {
      for (JsonNode c : spec.path(list)) {
        PodResources.containerRequests(c).names().stream().filter(ResourceNames::isExtended).forEach(names::add);
      }
    }
    for (String name : names) {
      addOrUpdate(spec.withArray("tolerations"), name);
    }
  }

  /** helper.AddOrUpdateTolerationInPod: a toleration with the same key, operator, value, effect is kept. */
  private static void addOrUpdate(ArrayNode tolerations, String key) {
    for (JsonNode t : tolerations) {
      if (t.path("key").asText("").equals(key) && t.path("operator").asText("Equal").equals("Exists")
          && t.path("value").asText("").isEmpty() && t.path("effect").asText("").equals("NoSchedule")) {
        return;
      }
    }
    tolerations.addObject().put("key", key).put("operator", "Exists").put("effect", "NoSchedule");
  }
}
