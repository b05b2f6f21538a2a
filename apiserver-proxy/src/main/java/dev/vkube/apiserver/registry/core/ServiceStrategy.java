package dev.vkube.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.StatusCause;
import dev.vkube.apiserver.registry.NameRule;
import dev.vkube.apiserver.registry.ResourceStrategy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** pkg/registry/core/service strategy and SetDefaults_Service: types, ports, session affinity. */
public final class ServiceStrategy implements ResourceStrategy {
  private static final Set<String> TYPES = Set.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName");
  private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");

  private static final ServiceClaims CLAIMS = new ServiceClaims();

  @Override
  public ServiceClaims claims() {
    return CLAIMS;
  }

  @Override
  public NameRule nameRule() {
    return NameRule.DNS_LABEL;
  }

  @Override
  public void applyDefaults(ObjectNode service) {
    ObjectNode spec = service.with("spec");
    PodSpecs.putIfAbsent(spec, "type", "ClusterIP");
    PodSpecs.putIfAbsent(spec, "sessionAffinity", "None");
    String type = spec.path("type").asText();
    if (!type.equals("ExternalName")) {
      PodSpecs.putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
    }
    if (type.equals("NodePort") || type.equals("LoadBalancer")) {
      PodSpecs.putIfAbsent(spec, "externalTrafficPolicy", "Cluster");
    }
    spec.path("ports").forEach(p -> {
      if (p instanceof ObjectNode port) {
        PodSpecs.putIfAbsent(port, "protocol", "TCP");
        if (!port.has("targetPort") && port.has("port")) {
          port.set("targetPort", port.get("port"));
        }
      }
    });
  }

  @Override
  public List<StatusCause> validate(ObjectNode service) {
    List<StatusCause> causes = new ArrayList<>();
    JsonNode spec = service.path("spec");
    String type = spec.path("type").asText("ClusterIP");
    if (!TYPES.contains(type)) {
      causes.add(StatusCause.unsupported("spec.type", type, "supported values: \"ClusterIP\", \"ExternalName\", "
          + "\"LoadBalancer\", \"NodePort\""));
    }
    JsonNode ports = spec.path("ports");
    boolean headless = "None".equals(spec.path("clusterIP").asText());
    if (ports.size() == 0 && !headless && !type.equals("ExternalName")) {
      causes.add(StatusCause.required("spec.ports"));
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      JsonNode port = ports.get(i);
      String path = "spec.ports[" + i + "]";
      String name = port.path("name").asText("");
      if (ports.size() > 1 && name.isEmpty()) {
        causes.add(StatusCause.required(path + ".name"));
      } else if (!name.isEmpty() && !names.add(name)) {
        causes.add(new StatusCause("FieldValueDuplicate", "Duplicate value: \"" + name + "\"", path + ".name"));
      }
      PodSpecs.portNumber(port, "port", path, causes);
      String protocol = port.path("protocol").asText("TCP");
      if (!PROTOCOLS.contains(protocol)) {
        causes.add(StatusCause.unsupported(path + ".protocol", protocol, "supported values: \"SCTP\", \"TCP\", "
            + "\"UDP\""));
      }
    }
    if (type.equals("ExternalName") && spec.path("externalName").asText("").isEmpty()) {
      causes.add(StatusCause.required("spec.externalName"));
    }
    return causes;
  }

  @Override
  public List<StatusCause> validateUpdate(ObjectNode service, ObjectNode old) {
    List<StatusCause> causes = new ArrayList<>(validate(service));
    String oldIp = old.path("spec").path("clusterIP").asText("");
    String newIp = service.path("spec").path("clusterIP").asText("");
    if (!oldIp.isEmpty() && !oldIp.equals(newIp) && !"ExternalName".equals(service.path("spec").path("type")
        .asText())) {
      causes.add(StatusCause.invalid("spec.clusterIPs[0]", newIp.isEmpty() ? "[]string(nil)" : newIp,
          "may not change once set"));
    }
    return causes;
  }
}
