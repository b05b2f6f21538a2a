package dev.vkube.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.api.StatusCause;
import dev.vkube.apiserver.registry.GenericStore;
import dev.vkube.apiserver.storage.Json;
import dev.vkube.apiserver.storage.Preconditions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * pods/binding and the legacy {@code bindings} resource (a v1 Binding POSTed by a scheduler), after
 * BindingREST in pkg/registry/core/pod/storage/storage.go: validated as ValidatePodBinding does
 * (target.kind empty or Node, target.name required), then one guaranteed update of the pod that sets
 * spec.nodeName, merges the binding's annotations and sets PodScheduled=True. A pod that is deleting,
 * already bound or still gated is a 409 Conflict on {@code pods/binding} (assignPod wraps those errors
 * with errors.NewConflict). The answer is a Success Status, 201.
 */
public final class PodBinding {
  static final String CONFLICT_RESOURCE = "pods/binding";
  private final GenericStore pods;
  private final Clock clock;

  public PodBinding(GenericStore pods, Clock clock) {
    this.pods = pods;
    this.clock = clock;
  }

  /** {@code urlName} is the pod of pods/NAME/binding, or null for the legacy bindings collection. */
  public CompletionStage<ObjectNode> bind(String namespace, String urlName, ObjectNode binding, boolean dryRun) {
    String name = Meta.name(binding);
    if (urlName != null) {
      if (name == null || name.isEmpty()) {
        name = urlName;
      } else if (!name.equals(urlName)) {
        throw ApiException.badRequest("name in URL does not match name in Binding object");
      }
    }
    validate(name, binding);
    String podName = name;
    String node = binding.path("target").path("name").asText();
    JsonNode meta = binding.path("metadata");
    Preconditions preconditions = new Preconditions(text(meta, "uid"), text(meta, "resourceVersion"));
    return pods.writeThrough(namespace, podName, preconditions, dryRun, pod -> assign(pod, podName, node,
        meta.path("annotations"))).thenApply(bound -> success());
  }

  private static void validate(String name, ObjectNode binding) {
    List<StatusCause> causes = new ArrayList<>();
    String kind = binding.path("target").path("kind").asText("");
    if (!kind.isEmpty() && !kind.equals("Node")) {
      causes.add(StatusCause.unsupported("target.kind", kind, "supported values: \"Node\", \"<empty>\""));
    }
    if (binding.path("target").path("name").asText("").isEmpty()) {
      causes.add(StatusCause.required("target.name"));
    }
    if (!causes.isEmpty()) {
      throw ApiException.invalid("", "Binding", name == null ? "" : name, causes);
    }
  }

  private ObjectNode assign(ObjectNode pod, String name, String node, JsonNode annotations) {
    if (Meta.deleting(pod)) {
      throw conflict(name, "pod " + name + " is being deleted, cannot be assigned to a host");
    }
    String current = pod.path("spec").path("nodeName").asText("");
    if (!current.isEmpty()) {
      throw conflict(name, "pod " + name + " is already assigned to node \"" + current + "\"");
    }
    if (pod.path("spec").path("schedulingGates").size() > 0) {
      throw conflict(name, "pod " + name + " has non-empty .spec.schedulingGates");
    }
    pod.with("spec").put("nodeName", node);
    if (annotations.isObject() && annotations.size() > 0) {
      ObjectNode target = Meta.metadata(pod).with("annotations");
      annotations.fields().forEachRemaining((Map.Entry<String, JsonNode> e) -> target.set(e.getKey(), e.getValue()));
    }
    scheduled(pod.with("status"));
    return pod;
  }

  /** podutil.UpdatePodCondition: PodScheduled=True, its transition time kept if it was True already. */
  private void scheduled(ObjectNode status) {
    ArrayNode conditions = status.withArray("conditions");
    for (JsonNode c : conditions) {
      if ("PodScheduled".equals(c.path("type").asText())) {
        ObjectNode condition = (ObjectNode) c;
        if (!"True".equals(condition.path("status").asText())) {
          condition.put("lastTransitionTime", Meta.timestamp(clock.instant()));
        }
        condition.put("status", "True");
        condition.remove(List.of("reason", "message"));
        return;
      }
    }
    conditions.addObject().put("type", "PodScheduled").put("status", "True").putNull("lastProbeTime")
        .put("lastTransitionTime", Meta.timestamp(clock.instant()));
  }

  private static ApiException conflict(String name, String detail) {
    return ApiException.conflict("", CONFLICT_RESOURCE, name, detail);
  }

  private static String text(JsonNode meta, String field) {
    String value = meta.path(field).asText("");
    return value.isEmpty() ? null : value;
  }

  private static ObjectNode success() {
    ObjectNode status = Json.MAPPER.createObjectNode();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Success");
    return status;
  }
}
