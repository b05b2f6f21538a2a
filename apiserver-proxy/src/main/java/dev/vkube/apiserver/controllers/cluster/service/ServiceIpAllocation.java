package dev.vkube.apiserver.controllers.cluster.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.ServerContext;
import dev.vkube.apiserver.admission.AdmissionPlugin;
import dev.vkube.apiserver.admission.AdmissionRequest;
import dev.vkube.apiserver.admission.Operation;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.apiserver.registry.core.ServiceClaims;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * ClusterIP and NodePort allocation in the service write path, where upstream does it (the service REST
 * storage's create and update, registry/core/service/storage/alloc.go): a create gets a free address
 * from --service-cluster-ip-range or the one it asks for (422 if taken or out of range), node ports for
 * NodePort and LoadBalancer services; an update keeps what the service had when the client omitted it
 * and allocates only what is new. This view (fed by the services informer) only proposes values: what
 * makes them exclusive across server replicas is the service's etcd claims (ServiceClaims), taken in
 * the write's own transaction; a server-chosen value another replica took first is proposed again.
 */
public final class ServiceIpAllocation implements AdmissionPlugin {
  private static final Set<String> NODE_PORT_TYPES = Set.of("NodePort", "LoadBalancer");
  private final ServiceAllocations allocations;
  private final ObjectCache services;

  public ServiceIpAllocation(ServiceAllocations allocations, ObjectCache services) {
    this.allocations = allocations;
    this.services = services;
    services.addListener(allocations::observe);
    services.list(null).forEach(s -> allocations.observe(dev.vkube.apiserver.storage.WatchEvent.Type.ADDED, s));
  }

  /** The plugin for a server: allocations over its service range, fed by its services informer. */
  public static ServiceIpAllocation of(ServerContext context) {
    ServiceAllocations allocations = new ServiceAllocations(ServiceCidr.parse(context.options()
        .serviceClusterIpRange()), context.clock(), new SecureRandom());
    return new ServiceIpAllocation(allocations, context.informers().of("", "v1", "services"));
  }

  public ServiceAllocations allocations() {
    return allocations;
  }

  @Override
  public String name() {
    return "ServiceIPAllocation";
  }

  @Override
  public boolean handles(AdmissionRequest request) {
    return request.is("", "services") && (request.operation() == Operation.CREATE
        || request.operation() == Operation.UPDATE);
  }

  @Override
  public void admit(AdmissionRequest request) {
    if (!services.synced()) {
      throw new ApiException(503, "ServiceUnavailable", "the service IP allocator is not ready yet", null, null,
          null, null, 1);
    }
    ObjectNode service = request.object();
    ObjectNode old = request.oldObject();
    Allocation made = new Allocation(request.dryRun());
    try {
      if (old != null) {
        keepAllocated(service, old);
      }
      assign(service, old, made);
    } catch (ApiException e) {
      made.rollback();
      throw e;
    }
  }

  private void assign(ObjectNode service, ObjectNode old, Allocation made) {
    ObjectNode spec = service.with("spec");
    String type = spec.path("type").asText("ClusterIP");
    String name = service.path("metadata").path("name").asText("");
    if (type.equals("ExternalName")) {
      return;
    }
    boolean hadIp = old != null && !old.path("spec").path("clusterIP").asText("").isEmpty();
    if (!hadIp) {
      assignClusterIp(spec, name, made);
    }
    if (NODE_PORT_TYPES.contains(type) && spec.path("allocateLoadBalancerNodePorts").asBoolean(true)) {
      assignNodePorts(spec, old == null ? null : old.path("spec"), name, made);
    } else if (type.equals("ClusterIP")) {
      spec.path("ports").forEach(p -> ((ObjectNode) p).remove("nodePort"));
    }
  }

  private void assignClusterIp(ObjectNode spec, String name, Allocation made) {
    String requested = spec.path("clusterIP").asText("");
    if (requested.isEmpty() && spec.path("clusterIPs").size() > 0) {
      requested = spec.path("clusterIPs").get(0).asText("");
    }
    String ip = "None".equals(requested) ? "None" : made.ip(requested.isEmpty() ? null : requested, name);
    spec.put("clusterIP", ip);
    spec.putArray("clusterIPs").add(ip);
    if (!spec.has("ipFamilies") || spec.path("ipFamilies").isEmpty()) {
      spec.putArray("ipFamilies").add(allocations.cidr().ipv6() ? "IPv6" : "IPv4");
    }
    if (!spec.hasNonNull("ipFamilyPolicy")) {
      spec.put("ipFamilyPolicy", "SingleStack");
    }
  }

  private void assignNodePorts(ObjectNode spec, JsonNode oldSpec, String name, Allocation made) {
    JsonNode ports = spec.path("ports");
    for (int i = 0; i < ports.size(); i++) {
      ObjectNode port = (ObjectNode) ports.get(i);
      int requested = port.path("nodePort").asInt(0);
      if (requested != 0 && oldSpec != null && heldBefore(oldSpec, requested)) {
        continue;
      }
      port.put("nodePort", made.port(requested == 0 ? null : requested, name, i));
    }
  }

  /** patchAllocatedValues: an update that omits allocated values keeps the stored ones. */
  private static void keepAllocated(ObjectNode service, ObjectNode old) {
    ObjectNode spec = service.with("spec");
    JsonNode oldSpec = old.path("spec");
    if (spec.path("type").asText("ClusterIP").equals("ExternalName")) {
      dropClusterIps(spec, oldSpec);
      return;
    }
    if (spec.path("clusterIP").asText("").isEmpty() && !oldSpec.path("clusterIP").asText("").isEmpty()) {
      for (String field : List.of("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy")) {
        if (oldSpec.has(field)) {
          spec.set(field, oldSpec.get(field).deepCopy());
        }
      }
    }
    for (JsonNode port : spec.path("ports")) {
      if (port.path("nodePort").asInt(0) == 0) {
        for (JsonNode was : oldSpec.path("ports")) {
          if (was.path("port").asInt() == port.path("port").asInt() && was.path("protocol").asText("TCP")
              .equals(port.path("protocol").asText("TCP")) && was.path("nodePort").asInt(0) != 0) {
            ((ObjectNode) port).put("nodePort", was.path("nodePort").asInt());
          }
        }
      }
    }
  }

  /**
   * A service turned ExternalName gives up the ClusterIPs it kept unchanged (strategy.go
   * dropTypeDependentFields), so the write releases them.
   */
  private static void dropClusterIps(ObjectNode spec, JsonNode oldSpec) {
    String oldIp = oldSpec.path("clusterIP").asText("");
    if (oldIp.isEmpty() || "ExternalName".equals(oldSpec.path("type").asText())) {
      return;
    }
    if (spec.path("clusterIP").asText("").isEmpty() || spec.path("clusterIP").asText().equals(oldIp)) {
      for (String field : List.of("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy")) {
        if (!spec.has(field) || spec.get(field).equals(oldSpec.get(field))) {
          spec.remove(field);
        }
      }
      spec.remove("clusterIPs");
    }
  }

  private static boolean heldBefore(JsonNode oldSpec, int nodePort) {
    for (JsonNode port : oldSpec.path("ports")) {
      if (port.path("nodePort").asInt(0) == nodePort) {
        return true;
      }
    }
    return false;
  }

  /** What one admission allocated, so that a later failure in the same write gives it back. */
  private final class Allocation {
    private final boolean dryRun;
    private final List<String> ips = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    Allocation(boolean dryRun) {
      this.dryRun = dryRun;
    }

    String ip(String requested, String name) {
      try {
        // A requested address is only checked here; its etcd claim, written with the service, takes it,
        // so a retried write does not find its own earlier attempt in the way.
        String ip = allocations.allocateIp(requested, dryRun || requested != null);
        if (requested == null) {
          ips.add(ip);
        }
        return ip;
      } catch (AllocationException e) {
        if (e.reason() == AllocationException.Reason.FULL) {
          throw ApiException.internal("failed to allocate a serviceIP: " + e.getMessage());
        }
        throw ServiceClaims.ipNotAllocated(name, requested, e.getMessage());
      }
    }

    int port(Integer requested, String name, int index) {
      try {
        int port = allocations.allocatePort(requested, dryRun || requested != null);
        if (requested == null) {
          ports.add(port);
        }
        return port;
      } catch (AllocationException e) {
        if (e.reason() == AllocationException.Reason.FULL) {
          throw ApiException.internal("failed to allocate a nodePort: " + e.getMessage());
        }
        throw ServiceClaims.nodePortNotAllocated(name, index, requested, e.getMessage());
      }
    }

    void rollback() {
      if (!dryRun) {
        ips.forEach(allocations::releaseIp);
        ports.forEach(allocations::releasePort);
      }
    }
  }
}
