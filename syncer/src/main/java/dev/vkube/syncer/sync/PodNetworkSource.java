package dev.vkube.syncer.sync;

import dev.vkube.syncer.names.NameTranslator;
import dev.vkube.syncer.translate.PodNetwork;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Resolves a virtual namespace's {@link PodNetwork} from the informers' caches (no API reads), as
 * vCluster's pod syncer does before translating (pods/translate.go getK8sIPDNSIPServiceList):
 * <ul>
 *   <li>DNS: the host copy of the tenant's {@code kube-system/kube-dns} Service. vCluster runs CoreDNS in
 *       the tenant; so do we: the tenant (or its chart) deploys a DNS server there and the syncer
 *       syncs its Service like any other. Without that Service pods keep their own DNS policy;
 *   <li>the tenant API: the host Service named by the options (vCluster: the vCluster's Service, named
 *       like it), its cluster IP and port; without it no KUBERNETES_* variables;
 *   <li>Services: the namespace's, with the cluster IP of their host copies. vCluster uses the virtual
 *       IP, which equals the host's there (it creates host Services first); ours differ, and only the
 *       host's routes where the pod runs.
 * </ul>
 * A Service that has a cluster IP but whose host copy has none yet makes the pod wait (empty), as
 * vCluster waits for the DNS IP: a pod's variables are fixed at its start. The wait is bounded: past
 * {@link #SYNC_GRACE} after the Service's creation the pod starts without it.
 */
public final class PodNetworkSource {
  public static final Duration SYNC_GRACE = Duration.ofSeconds(30);
  static final String DNS_NAMESPACE = "kube-system";
  static final String DNS_SERVICE = "kube-dns";
  private static final String HEADLESS = "None";

  private final Side<Service> virtual;
  private final Side<Service> host;
  private final NameTranslator names;
  private final String hostNamespace;
  private final Supplier<Service> apiService;
  private final Clock clock;

  /** {@code apiService}: the host Service in front of the tenant API, or null when there is none. */
  public PodNetworkSource(Side<Service> virtual, Side<Service> host, NameTranslator names, String hostNamespace,
      Supplier<Service> apiService, Clock clock) {
    this.virtual = virtual;
    this.host = host;
    this.names = names;
    this.hostNamespace = hostNamespace;
    this.apiService = apiService;
    this.clock = clock;
  }

  /** The network of pods in {@code namespace}, or empty while a host copy's cluster IP is awaited. */
  public Optional<PodNetwork> resolve(String namespace) {
    Service dns = virtual.get(DNS_NAMESPACE, DNS_SERVICE);
    String dnsIp = null;
    if (dns != null && hasClusterIp(dns)) {
      dnsIp = hostIp(dns);
      if (dnsIp == null && !expired(dns)) {
        return Optional.empty();
      }
    }
    List<Service> services = new ArrayList<>();
    for (Service s : virtual.inNamespace(namespace)) {
      if (!hasClusterIp(s) || isKubernetes(s)) {
        continue;
      }
      String ip = hostIp(s);
      if (ip == null) {
        if (!expired(s)) {
          return Optional.empty();
        }
        continue;
      }
      Service copy = new io.fabric8.kubernetes.api.model.ServiceBuilder(s).editSpec().withClusterIP(ip)
          .withClusterIPs(List.of(ip)).endSpec().build();
      services.add(copy);
    }
    Service api = apiService.get();
    String apiIp = api != null && hasClusterIp(api) ? api.getSpec().getClusterIP() : null;
    return Optional.of(new PodNetwork(dnsIp, PodNetwork.DEFAULT_CLUSTER_DOMAIN, apiIp, apiPort(api), services));
  }

  private String hostIp(Service v) {
    Service h = host.get(hostNamespace, names.hostName(v.getMetadata().getNamespace(), v.getMetadata().getName()));
    return h != null && hasClusterIp(h) ? h.getSpec().getClusterIP() : null;
  }

  private boolean expired(Service s) {
    String created = s.getMetadata().getCreationTimestamp();
    return created == null || Instant.parse(created).plus(SYNC_GRACE).isBefore(clock.instant());
  }

  /** The port named https, else the first (the chart's Service maps 443 to the server). */
  private static int apiPort(Service api) {
    if (api == null || api.getSpec().getPorts() == null || api.getSpec().getPorts().isEmpty()) {
      return PodNetwork.DEFAULT_KUBERNETES_PORT;
    }
    return api.getSpec().getPorts().stream().filter(p -> "https".equals(p.getName())).findFirst()
        .orElse(api.getSpec().getPorts().get(0)).getPort();
  }

  /** The tenant API's own Service: its variables come from the host Service in front of the API. */
  static boolean isKubernetes(Service s) {
    return "default".equals(s.getMetadata().getNamespace()) && "kubernetes".equals(s.getMetadata().getName());
  }

  private static boolean hasClusterIp(Service s) {
    String ip = s.getSpec() == null ? null : s.getSpec().getClusterIP();
    return ip != null && !ip.isEmpty() && !HEADLESS.equals(ip);
  }
}
