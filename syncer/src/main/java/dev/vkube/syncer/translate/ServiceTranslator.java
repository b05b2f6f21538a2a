package dev.vkube.syncer.translate;

import dev.vkube.syncer.names.Markers;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Services: the selector is rewritten to the labels host pods carry (translated keys plus the owner
 * markers, as vCluster's TranslateLabelSelector does), so a host Service selects exactly the tenant's
 * pods of that virtual namespace. Cluster IPs and node ports are the host's to allocate.
 */
public final class ServiceTranslator {
  static final String HEADLESS = "None";

  public Service toHost(Service virtual, TranslationContext ctx) {
    ServiceSpec spec = Copies.deep(virtual.getSpec());
    spec.setSelector(hostSelector(virtual.getMetadata().getNamespace(), spec.getSelector(), ctx));
    boolean headless = HEADLESS.equals(spec.getClusterIP());
    spec.setClusterIP(headless ? HEADLESS : null);
    spec.setClusterIPs(headless ? List.of(HEADLESS) : new java.util.ArrayList<>());
    spec.setHealthCheckNodePort(null);
    spec.getPorts().forEach(p -> p.setNodePort(null));
    return new ServiceBuilder().withMetadata(HostMetadata.of(virtual, ctx)).withSpec(spec).build();
  }

  /** A selector-less Service stays selector-less (its endpoints are synced, not selected). */
  static Map<String, String> hostSelector(String namespace, Map<String, String> selector, TranslationContext ctx) {
    if (selector == null || selector.isEmpty()) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    selector.forEach((k, v) -> out.put(ctx.names().hostLabelKey(k), v));
    out.put(Markers.MANAGED_BY_LABEL, ctx.names().vclusterName());
    out.put(Markers.NAMESPACE_LABEL, namespace);
    return out;
  }

  public boolean differs(Service desired, Service actual) {
    ServiceSpec d = desired.getSpec();
    ServiceSpec a = actual.getSpec();
    return HostMetadata.differs(desired.getMetadata(), actual.getMetadata())
        || !Objects.equals(d.getSelector(), a.getSelector())
        || !Objects.equals(d.getType(), a.getType())
        || !portsWithoutNodePorts(d.getPorts()).equals(portsWithoutNodePorts(a.getPorts()));
  }

  /** The update to send: the actual host Service with the fields the virtual one owns replaced. */
  public Service merge(Service desired, Service actual) {
    Service out = Copies.deep(actual);
    out.getMetadata().setLabels(desired.getMetadata().getLabels());
    out.getMetadata().setAnnotations(desired.getMetadata().getAnnotations());
    out.getSpec().setSelector(desired.getSpec().getSelector());
    out.getSpec().setType(desired.getSpec().getType());
    out.getSpec().setPorts(desired.getSpec().getPorts());
    return out;
  }

  /**
   * The virtual Service with the host's view: load-balancer status, and the host cluster IP in an
   * annotation. The virtual spec.clusterIP is immutable; vCluster gets identical IPs by creating the
   * host Service first (filters/service.go), which belongs in the API server, not here.
   */
  public Service withHostStatus(Service virtual, Service host) {
    Service out = Copies.deep(virtual);
    out.setStatus(Copies.deep(host.getStatus()));
    String ip = host.getSpec().getClusterIP();
    if (ip != null && !ip.isEmpty()) {
      Map<String, String> annotations = new LinkedHashMap<>(HostMetadata.nullToEmpty(out.getMetadata().getAnnotations()));
      annotations.put(Markers.HOST_CLUSTER_IP, ip);
      out.getMetadata().setAnnotations(annotations);
    }
    return out;
  }

  private static List<ServicePort> portsWithoutNodePorts(List<ServicePort> ports) {
    return ports == null ? List.of() : ports.stream().map(p -> {
      ServicePort copy = Copies.deep(p);
      copy.setNodePort(null);
      return copy;
    }).toList();
  }
}
