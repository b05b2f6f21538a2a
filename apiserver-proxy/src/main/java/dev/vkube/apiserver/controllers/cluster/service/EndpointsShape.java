package dev.vkube.apiserver.controllers.cluster.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders backends as the two endpoint APIs (pure): v1 Endpoints subsets, one per distinct port set
 * (addresses and notReadyAddresses), and discovery.k8s.io/v1 endpoint groups per port set, at most
 * {@link #MAX_ENDPOINTS_PER_SLICE} endpoints each (the controller's --max-endpoints-per-slice default).
 */
public final class EndpointsShape {
  public static final int MAX_ENDPOINTS_PER_SLICE = 100;
  public static final String HEADLESS_LABEL = "service.kubernetes.io/headless";

  private EndpointsShape() {}

  public static ArrayNode subsets(String serviceName, List<Backend> backends) {
    ArrayNode subsets = JsonNodeFactory.instance.arrayNode();
    byPorts(backends).forEach((ports, group) -> {
      ObjectNode subset = subsets.addObject();
      ArrayNode ready = JsonNodeFactory.instance.arrayNode();
      ArrayNode notReady = JsonNodeFactory.instance.arrayNode();
      for (Backend b : group) {
        ObjectNode address = (b.ready() ? ready : notReady).addObject().put("ip", b.ip());
        String hostname = b.hostname(serviceName);
        if (!hostname.isEmpty()) {
          address.put("hostname", hostname);
        }
        if (!b.nodeName().isEmpty()) {
          address.put("nodeName", b.nodeName());
        }
        address.set("targetRef", b.targetRef());
      }
      if (!ready.isEmpty()) {
        subset.set("addresses", ready);
      }
      if (!notReady.isEmpty()) {
        subset.set("notReadyAddresses", notReady);
      }
      if (!ports.isEmpty()) {
        subset.set("ports", ports);
      }
    });
    return subsets;
  }

  /** Slice bodies (endpoints and ports); an empty service still gets one placeholder slice. */
  public static List<ObjectNode> slices(String serviceName, List<Backend> backends) {
    List<ObjectNode> slices = new ArrayList<>();
    byPorts(backends).forEach((ports, group) -> {
      for (int from = 0; from < group.size(); from += MAX_ENDPOINTS_PER_SLICE) {
        ObjectNode slice = JsonNodeFactory.instance.objectNode();
        ArrayNode endpoints = slice.putArray("endpoints");
        group.subList(from, Math.min(group.size(), from + MAX_ENDPOINTS_PER_SLICE))
            .forEach(b -> endpoints.add(endpoint(serviceName, b)));
        slice.set("ports", slicePorts(ports));
        slice.put("addressType", group.get(from).ip().contains(":") ? "IPv6" : "IPv4");
        slices.add(slice);
      }
    });
    if (slices.isEmpty()) {
      ObjectNode placeholder = JsonNodeFactory.instance.objectNode();
      placeholder.putArray("endpoints");
      placeholder.putArray("ports");
      placeholder.put("addressType", "IPv4");
      slices.add(placeholder);
    }
    return slices;
  }

  private static ObjectNode endpoint(String serviceName, Backend b) {
    ObjectNode endpoint = JsonNodeFactory.instance.objectNode();
    endpoint.putArray("addresses").add(b.ip());
    endpoint.putObject("conditions").put("ready", b.ready()).put("serving", b.serving())
        .put("terminating", b.terminating());
    String hostname = b.hostname(serviceName);
    if (!hostname.isEmpty()) {
      endpoint.put("hostname", hostname);
    }
    endpoint.set("targetRef", b.targetRef());
    if (!b.nodeName().isEmpty()) {
      endpoint.put("nodeName", b.nodeName());
    }
    return endpoint;
  }

  /** EndpointSlice ports always carry a name, "" for an unnamed service port. */
  private static ArrayNode slicePorts(ArrayNode ports) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (JsonNode p : ports) {
      ObjectNode port = out.addObject().put("name", p.path("name").asText(""));
      port.set("protocol", p.get("protocol"));
      port.set("port", p.get("port"));
      if (p.has("appProtocol")) {
        port.set("appProtocol", p.get("appProtocol"));
      }
    }
    return out;
  }

  private static Map<ArrayNode, List<Backend>> byPorts(List<Backend> backends) {
    Map<ArrayNode, List<Backend>> groups = new LinkedHashMap<>();
    for (Backend b : backends) {
      groups.computeIfAbsent(b.ports(), k -> new ArrayList<>()).add(b);
    }
    return groups;
  }

  /** The labels an endpoints object carries: the service's, plus the headless marker. */
  public static ObjectNode labels(JsonNode service) {
    ObjectNode labels = JsonNodeFactory.instance.objectNode();
    service.path("metadata").path("labels").fields().forEachRemaining(e -> labels.set(e.getKey(), e.getValue()));
    if ("None".equals(service.path("spec").path("clusterIP").asText())) {
      labels.put(HEADLESS_LABEL, "");
    }
    return labels;
  }

  static String name(JsonNode service) {
    return Meta.name(service);
  }
}
