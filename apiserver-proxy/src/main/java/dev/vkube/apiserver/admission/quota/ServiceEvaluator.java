package dev.vkube.apiserver.admission.quota;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.admission.Operation;
import dev.vkube.apiserver.admission.resources.Quantity;
import dev.vkube.apiserver.admission.resources.ResourceList;
import java.time.Instant;
import java.util.Set;

/** pkg/quota/v1/evaluator/core/services.go: services, load balancers and node ports. */
final class ServiceEvaluator implements QuotaEvaluator {
  private static final Set<String> NAMES = Set.of("services", "count/services", "services.loadbalancers",
      "services.nodeports");

  @Override
  public String group() {
    return "";
  }

  @Override
  public String resource() {
    return "services";
  }

  @Override
  public boolean charges(Operation operation) {
    return operation == Operation.CREATE || operation == Operation.UPDATE;
  }

  @Override
  public boolean tracks(String name) {
    return NAMES.contains(name);
  }

  @Override
  public ResourceList usage(JsonNode service, Instant now) {
    ResourceList usage = new ResourceList().put("services", Quantity.of(1)).put("count/services", Quantity.of(1))
        .put("services.loadbalancers", Quantity.ZERO).put("services.nodeports", Quantity.ZERO);
    JsonNode spec = service.path("spec");
    int ports = spec.path("ports").size();
    switch (spec.path("type").asText("ClusterIP")) {
      case "NodePort" -> usage.put("services.nodeports", Quantity.of(ports));
      case "LoadBalancer" -> {
        usage.put("services.loadbalancers", Quantity.of(1));
        boolean allocate = !spec.path("allocateLoadBalancerNodePorts").isBoolean()
            || spec.path("allocateLoadBalancerNodePorts").asBoolean();
        usage.put("services.nodeports", Quantity.of(allocate ? ports : explicitNodePorts(spec)));
      }
      default -> { }
    }
    return usage;
  }

  private static int explicitNodePorts(JsonNode spec) {
    int n = 0;
    for (JsonNode port : spec.path("ports")) {
      if (port.path("nodePort").asInt(0) != 0) {
        n++;
      }
    }
    return n;
  }
}
