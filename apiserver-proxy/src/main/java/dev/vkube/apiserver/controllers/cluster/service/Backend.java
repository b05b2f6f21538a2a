package dev.vkube.apiserver.controllers.cluster.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.controllers.cluster.Conditions;
import dev.vkube.apiserver.controllers.cluster.Selectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One pod behind a service, as both the Endpoints and the EndpointSlice controllers see it
 * (endpointutil ShouldPodBeInEndpoints, podutil.FindPort): its IP, readiness, whether it terminates,
 * and the service ports resolved against its containers (a named targetPort must match a container
 * port of that name and protocol, else the pod does not serve that port). Pure.
 */
public record Backend(JsonNode pod, String ip, boolean ready, boolean serving, boolean terminating,
    ArrayNode ports) {

  /** The pods selected by {@code service} that belong in its endpoints, ordered by IP then name. */
  public static List<Backend> of(JsonNode service, List<? extends JsonNode> pods, boolean includeTerminating) {
    JsonNode spec = service.path("spec");
    var selects = Selectors.map(spec.path("selector"));
    boolean publishNotReady = spec.path("publishNotReadyAddresses").asBoolean(false);
    List<Backend> out = new ArrayList<>();
    for (JsonNode pod : pods) {
      if (!selects.test(pod.path("metadata").path("labels")) || !eligible(pod, publishNotReady, includeTerminating)) {
        continue;
      }
      boolean podReady = Conditions.isTrue(pod.path("status").path("conditions"), "Ready");
      boolean terminating = Meta.deleting(pod);
      out.add(new Backend(pod, pod.path("status").path("podIP").asText(), (podReady || publishNotReady)
          && !terminating, podReady || publishNotReady, terminating, ports(spec.path("ports"), pod)));
    }
    out.sort(Comparator.comparing(Backend::ip).thenComparing(b -> Meta.name(b.pod())));
    return out;
  }

  private static boolean eligible(JsonNode pod, boolean publishNotReady, boolean includeTerminating) {
    String phase = pod.path("status").path("phase").asText();
    if (pod.path("status").path("podIP").asText("").isEmpty() || phase.equals("Succeeded")
        || phase.equals("Failed")) {
      return false;
    }
    return !Meta.deleting(pod) || publishNotReady || includeTerminating;
  }

  static ArrayNode ports(JsonNode servicePorts, JsonNode pod) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (JsonNode sp : servicePorts) {
      int number = resolve(sp, pod);
      if (number <= 0) {
        continue;
      }
      ObjectNode port = out.addObject();
      if (!sp.path("name").asText("").isEmpty()) {
        port.put("name", sp.path("name").asText());
      }
      port.put("port", number).put("protocol", sp.path("protocol").asText("TCP"));
      if (sp.hasNonNull("appProtocol")) {
        port.put("appProtocol", sp.path("appProtocol").asText());
      }
    }
    return out;
  }

  /** podutil.FindPort: a number is taken as it is, a name is looked up among the container ports. */
  static int resolve(JsonNode servicePort, JsonNode pod) {
    JsonNode target = servicePort.has("targetPort") ? servicePort.path("targetPort") : servicePort.path("port");
    if (target.canConvertToInt() && !target.isTextual()) {
      return target.asInt();
    }
    String name = target.asText();
    if (name.matches("\\d+")) {
      return Integer.parseInt(name);
    }
    String protocol = servicePort.path("protocol").asText("TCP");
    for (JsonNode container : pod.path("spec").path("containers")) {
      for (JsonNode port : container.path("ports")) {
        if (name.equals(port.path("name").asText()) && protocol.equals(port.path("protocol").asText("TCP"))) {
          return port.path("containerPort").asInt();
        }
      }
    }
    return -1;
  }

  /** The pod as an endpoint target (targetRef of both API shapes). */
  public ObjectNode targetRef() {
    ObjectNode ref = JsonNodeFactory.instance.objectNode();
    ref.put("kind", "Pod").put("namespace", Meta.namespace(pod)).put("name", Meta.name(pod))
        .put("uid", Meta.uid(pod));
    return ref;
  }

  public String nodeName() {
    return pod.path("spec").path("nodeName").asText("");
  }

  /** A hostname for DNS when the pod names this (headless) service as its subdomain. */
  public String hostname(String serviceName) {
    String hostname = pod.path("spec").path("hostname").asText("");
    return !hostname.isEmpty() && serviceName.equals(pod.path("spec").path("subdomain").asText()) ? hostname : "";
  }
}
