package dev.vkube.apiserver.admission.limitranger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.admission.AdmissionPlugin;
import dev.vkube.apiserver.admission.AdmissionRequest;
import dev.vkube.apiserver.admission.Operation;
import dev.vkube.apiserver.admission.Refusals;
import dev.vkube.apiserver.admission.resources.PodResources;
import dev.vkube.apiserver.admission.resources.ResourceList;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

/**
 * LimitRanger (plugin/pkg/admission/limitranger): on pod create, fills container requests and limits
 * from the namespace's LimitRanges (annotating what it set), then enforces min, max and
 * maxLimitRequestRatio per Container and Pod; PVC creates and resizes are held to the
 * PersistentVolumeClaim min and max. Each LimitRange refuses on its own, with all its violations.
 */
public final class LimitRanger implements AdmissionPlugin {
  static final String ANNOTATION = "kubernetes.io/limit-ranger";

  private final Function<String, List<ObjectNode>> limitRanges;

  /** {@code limitRanges} lists a namespace's LimitRanges from a cache. */
  public LimitRanger(Function<String, List<ObjectNode>> limitRanges) {
    this.limitRanges = limitRanges;
  }

  @Override
  public String name() {
    return "LimitRanger";
  }

  /** Pod updates are skipped: containers are immutable (DefaultLimitRangerActions.SupportsAttributes). */
  @Override
  public boolean handles(AdmissionRequest request) {
    if (request.operation() == Operation.CREATE && request.is("", "pods")) {
      return true;
    }
    return (request.operation() == Operation.CREATE || request.operation() == Operation.UPDATE)
        && request.is("", "persistentvolumeclaims")
        && (request.oldObject() == null || !request.oldObject().path("metadata").has("deletionTimestamp"));
  }

  @Override
  public void admit(AdmissionRequest request) {
    if (!request.is("", "pods")) {
      return;
    }
    for (ObjectNode range : limitRanges.apply(request.namespace())) {
      ContainerDefaults.apply(request.object(), LimitRangeItems.withDefaults(range));
    }
  }

  @Override
  public void validate(AdmissionRequest request) {
    for (ObjectNode range : limitRanges.apply(request.namespace())) {
      List<String> errors = request.is("", "pods")
          ? validatePod(LimitRangeItems.withDefaults(range), request.object().path("spec"))
          : validateClaim(range, request.object().path("spec"));
      if (!errors.isEmpty()) {
        throw Refusals.forbidden(request, aggregate(errors));
      }
    }
  }

  static List<String> validatePod(JsonNode range, JsonNode spec) {
    List<String> errors = new ArrayList<>();
    for (JsonNode item : range.path("spec").path("limits")) {
      String type = item.path("type").asText();
      if (type.equals("Container")) {
        for (String list : new String[] {"containers", "initContainers"}) {
          for (JsonNode c : spec.path(list)) {
            Constraints.check(type, item, PodResources.containerRequests(c),
                ResourceList.from(c.path("resources").path("limits")), errors);
          }
        }
      } else if (type.equals("Pod")) {
        Constraints.check(type, item, PodResources.requests(withoutOverhead(spec)),
            PodResources.limits(withoutOverhead(spec)), errors);
      }
    }
    return errors;
  }

  static List<String> validateClaim(JsonNode range, JsonNode spec) {
    List<String> errors = new ArrayList<>();
    ResourceList requests = ResourceList.from(spec.path("resources").path("requests"));
    for (JsonNode item : range.path("spec").path("limits")) {
      if (item.path("type").asText().equals("PersistentVolumeClaim")) {
        Constraints.checkClaim(item, requests, errors);
      }
    }
    return errors;
  }

  private static JsonNode withoutOverhead(JsonNode spec) {
    ObjectNode copy = spec.deepCopy();
    copy.remove("overhead");
    return copy;
  }

  /** utilerrors.NewAggregate(...).Error(): one message alone, several as "[a, b]", duplicates once. */
  static String aggregate(List<String> errors) {
    List<String> unique = new ArrayList<>(new LinkedHashSet<>(errors));
    return unique.size() == 1 ? unique.get(0) : "[" + String.join(", ", unique) + "]";
  }
}
