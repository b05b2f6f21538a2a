package dev.vkube.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.api.StatusCause;
import dev.vkube.apiserver.registry.ClaimPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Service holds its ClusterIPs and node ports exclusively. Each ClusterIP is a key {@code
 * ipaddresses/<ip>} whose value has the shape of upstream's networking.k8s.io/v1 IPAddress (1.33 stores
 * one per ClusterIP, parentRef naming the service: pkg/registry/core/service/ipallocator/ipallocator.go);
 * each node port a key {@code servicenodeports/<port>} with the same parentRef (upstream keeps one
 * bitmap, registry/core/service/portallocator, updated by compare-and-swap, which would serialise every
 * NodePort write on one key). Node ports are one range for all protocols, as upstream's allocator.
 */
public final class ServiceClaims implements ClaimPolicy {
  public static final String IP_PREFIX = "ipaddresses/";
  public static final String NODE_PORT_PREFIX = "servicenodeports/";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Override
  public Map<String, ObjectNode> heldBy(ObjectNode service) {
    JsonNode spec = service.path("spec");
    if ("ExternalName".equals(spec.path("type").asText())) {
      return Map.of();
    }
    Map<String, ObjectNode> held = new HashMap<>(4);
    for (String ip : clusterIps(spec)) {
      held.put(IP_PREFIX + ip, ipAddress(ip, service));
    }
    for (JsonNode port : spec.path("ports")) {
      int nodePort = port.path("nodePort").asInt(0);
      if (nodePort > 0) {
        held.put(NODE_PORT_PREFIX + nodePort, owned(Integer.toString(nodePort), service));
      }
    }
    return held;
  }

  @Override
  public void lost(String key, ObjectNode requested) {
    if (requested == null) {
      return;
    }
    JsonNode spec = requested.path("spec");
    String name = Meta.name(requested) == null ? "" : Meta.name(requested);
    if (key.startsWith(IP_PREFIX) && clusterIps(spec).contains(key.substring(IP_PREFIX.length()))) {
      throw ipNotAllocated(name, key.substring(IP_PREFIX.length()), "provided IP is already allocated");
    }
    if (key.startsWith(NODE_PORT_PREFIX)) {
      JsonNode ports = spec.path("ports");
      for (int i = 0; i < ports.size(); i++) {
        if (key.equals(NODE_PORT_PREFIX + ports.get(i).path("nodePort").asInt(0))) {
          throw nodePortNotAllocated(name, i, ports.get(i).path("nodePort").asInt(), "provided port is already "
              + "allocated");
        }
      }
    }
  }

  /** The 422 of a requested ClusterIP that cannot be had (upstream alloc.go allocIPs' field error). */
  public static ApiException ipNotAllocated(String service, String requested, String why) {
    return ApiException.invalid("", "Service", service, List.of(new StatusCause("FieldValueInvalid",
        "Invalid value: []string{" + NODES.textNode(requested) + "}: failed to allocate IP " + requested + ": "
            + why, "spec.clusterIPs")));
  }

  /** The 422 of a requested node port that cannot be had (alloc.go initNodePorts' field error). */
  public static ApiException nodePortNotAllocated(String service, int index, Object requested, String why) {
    return ApiException.invalid("", "Service", service, List.of(StatusCause.invalid("spec.ports[" + index
        + "].nodePort", requested, why)));
  }

  private static List<String> clusterIps(JsonNode spec) {
    JsonNode ips = spec.path("clusterIPs").isEmpty() ? NODES.arrayNode().add(spec.path("clusterIP"))
        : spec.path("clusterIPs");
    List<String> held = new ArrayList<>(ips.size());
    for (JsonNode ip : ips) {
      if (ip.isTextual() && !ip.asText().isEmpty() && !"None".equals(ip.asText())) {
        held.add(ip.asText());
      }
    }
    return held;
  }

  private static ObjectNode ipAddress(String ip, ObjectNode service) {
    ObjectNode address = owned(ip, service);
    address.put("apiVersion", "networking.k8s.io/v1");
    address.put("kind", "IPAddress");
    ObjectNode labels = address.with("metadata").putObject("labels");
    labels.put("ipaddress.kubernetes.io/ip-family", ip.contains(":") ? "IPv6" : "IPv4");
    labels.put("ipaddress.kubernetes.io/managed-by", "ipallocator.k8s.io");
    return address;
  }

  /** {@code metadata.name} and the parentRef that says which service holds the value. */
  private static ObjectNode owned(String name, ObjectNode service) {
    ObjectNode value = NODES.objectNode();
    value.putObject("metadata").put("name", name);
    ObjectNode parent = value.putObject("spec").putObject("parentRef");
    parent.put("group", "");
    parent.put("resource", "services");
    parent.put("namespace", Meta.namespace(service));
    parent.put("name", Meta.name(service));
    return value;
  }
}
