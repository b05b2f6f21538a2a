package dev.vkube.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.registry.ResourceStrategy;
import java.util.Map;

/** pkg/registry/core/pod/strategy.go: Pending status with QoS class, graceful delete, field labels. */
public final class PodStrategy implements ResourceStrategy {
  static final long DEFAULT_GRACE_SECONDS = 30;

  @Override
  public void applyDefaults(ObjectNode pod) {
    PodSpecs.applyDefaults(pod.with("spec"));
  }

  @Override
  public void prepareForCreate(ObjectNode pod) {
    ObjectNode status = pod.putObject("status");
    status.put("phase", "Pending");
    status.put("qosClass", qosClass(pod.path("spec")));
  }

  @Override
  public java.util.List<dev.vkube.apiserver.api.StatusCause> validate(ObjectNode pod) {
    return PodSpecs.validate(pod.path("spec"), "spec");
  }

  @Override
  public java.util.List<dev.vkube.apiserver.api.StatusCause> validateUpdate(ObjectNode pod, ObjectNode old) {
    java.util.List<dev.vkube.apiserver.api.StatusCause> causes = new java.util.ArrayList<>(validate(pod));
    causes.addAll(PodSpecs.validateUpdate(pod.path("spec"), old.path("spec")));
    return causes;
  }

  @Override
  public Map<String, String> selectableFields() {
    return Map.of(
        "spec.nodeName", "spec.nodeName",
        "spec.restartPolicy", "spec.restartPolicy",
        "spec.schedulerName", "spec.schedulerName",
        "spec.serviceAccountName", "spec.serviceAccountName",
        "spec.hostNetwork", "spec.hostNetwork",
        "status.phase", "status.phase",
        "status.podIP", "status.podIP",
        "status.nominatedNodeName", "status.nominatedNodeName");
  }

  @Override
  public Long gracePeriodSeconds(ObjectNode pod, Long requested) {
    // A pod never bound to a node has no kubelet to confirm termination: deleted at once.
    if (pod.path("spec").path("nodeName").asText("").isEmpty()) {
      return null;
    }
    if (requested != null) {
      return requested;
    }
    JsonNode spec = pod.path("spec").path("terminationGracePeriodSeconds");
    return spec.canConvertToLong() ? spec.asLong() : DEFAULT_GRACE_SECONDS;
  }

  /** v1/helper/qos: BestEffort without requests or limits, Guaranteed when limits equal requests. */
  static String qosClass(JsonNode spec) {
    boolean any = false;
    boolean guaranteed = true;
    for (String list : new String[] {"containers", "initContainers"}) {
      for (JsonNode container : spec.path(list)) {
        JsonNode requests = container.path("resources").path("requests");
        JsonNode limits = container.path("resources").path("limits");
        any |= requests.size() > 0 || limits.size() > 0;
        for (String resource : new String[] {"cpu", "memory"}) {
          JsonNode limit = limits.path(resource);
          JsonNode request = requests.path(resource);
          if (limit.isMissingNode() || (!request.isMissingNode() && !request.asText().equals(limit.asText()))) {
            guaranteed = false;
          }
        }
      }
    }
    return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
  }
}
