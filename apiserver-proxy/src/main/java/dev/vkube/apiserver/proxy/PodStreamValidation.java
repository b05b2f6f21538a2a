package dev.vkube.apiserver.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.StatusCause;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What kube-apiserver checks before it connects a pod subresource to the kubelet, with its messages
 * (pkg/registry/core/pod/strategy.go validateContainer and streamLocation; ValidatePodLogOptions).
 */
public final class PodStreamValidation {

  private PodStreamValidation() {}

  /**
   * The container the request is for. Logs name every container kind in the "choose one of" list
   * (VisitContainers: init, regular, ephemeral, printed as a Go slice); exec and attach list regular
   * containers and then init containers separately.
   */
  public static String container(PodStream stream, JsonNode pod, String requested) {
    String name = pod.path("metadata").path("name").asText();
    JsonNode spec = pod.path("spec");
    if (requested != null && !requested.isEmpty()) {
      if (!names(spec, "initContainers", "containers", "ephemeralContainers").contains(requested)) {
        throw ApiException.badRequest("container " + requested + " is not valid for pod " + name);
      }
      return requested;
    }
    List<String> regular = names(spec, "containers");
    if (regular.size() == 1) {
      return regular.get(0);
    }
    if (regular.isEmpty()) {
      throw ApiException.badRequest("a container name must be specified for pod " + name);
    }
    if (stream == PodStream.LOG) {
      throw ApiException.badRequest("a container name must be specified for pod " + name + ", choose one of: ["
          + String.join(" ", names(spec, "initContainers", "containers", "ephemeralContainers")) + "]");
    }
    String message = "a container name must be specified for pod " + name + ", choose one of: ["
        + String.join(" ", regular) + "]";
    List<String> init = names(spec, "initContainers");
    if (!init.isEmpty()) {
      message += " or one of the init containers: [" + String.join(" ", init) + "]";
    }
    throw ApiException.badRequest(message);
  }

  /**
   * The node the pod runs on. A pod not yet scheduled has no logs (upstream answers an empty body),
   * while exec, attach and port-forward are 400.
   */
  public static Optional<String> node(PodStream stream, JsonNode pod) {
    String node = pod.path("spec").path("nodeName").asText("");
    if (!node.isEmpty()) {
      return Optional.of(node);
    }
    if (stream == PodStream.LOG) {
      return Optional.empty();
    }
    throw ApiException.badRequest("pod " + pod.path("metadata").path("name").asText()
        + " does not have a host assigned");
  }

  /** ValidatePodLogOptions: 422 Invalid on PodLogOptions, as the log REST handler returns. */
  public static void logOptions(String podName, StreamQuery query) {
    List<StatusCause> causes = new ArrayList<>();
    query.number("tailLines").filter(n -> n < 0).ifPresent(n ->
        causes.add(StatusCause.invalid("tailLines", n, "must be greater than or equal to 0")));
    query.number("limitBytes").filter(n -> n < 1).ifPresent(n ->
        causes.add(StatusCause.invalid("limitBytes", n, "must be greater than 0")));
    Optional<Long> since = query.number("sinceSeconds");
    if (since.isPresent() && query.first("sinceTime").isPresent()) {
      causes.add(StatusCause.forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
    }
    since.filter(n -> n < 1).ifPresent(n ->
        causes.add(StatusCause.invalid("sinceSeconds", n, "must be greater than 0")));
    if (!causes.isEmpty()) {
      throw ApiException.invalid("", "PodLogOptions", podName, causes);
    }
  }

  private static List<String> names(JsonNode spec, String... lists) {
    List<String> names = new ArrayList<>();
    for (String list : lists) {
      spec.path(list).forEach(c -> names.add(c.path("name").asText()));
    }
    return names;
  }
}
