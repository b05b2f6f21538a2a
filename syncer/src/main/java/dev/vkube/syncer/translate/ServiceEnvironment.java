package dev.vkube.syncer.translate;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service environment variables the tenant's kubelet would give a pod (kubelet's
 * getServiceEnvVarMap and pkg/kubelet/envvars FromServices; vCluster's translateServicesToEnvironmentVariables
 * and envvars.go do the same at sync time): for every Service of the pod's namespace with a cluster IP,
 * {@code NAME_SERVICE_HOST}, {@code NAME_SERVICE_PORT}, one {@code NAME_SERVICE_PORT_PORTNAME} per named port
 * and the Docker-link {@code NAME_PORT*} variables, only when the pod has service links enabled; and
 * always the {@code KUBERNETES_*} variables of the tenant API. The host pod itself runs with service links
 * off, so none of the host's own Services show.
 */
public final class ServiceEnvironment {
  private static final String HEADLESS = "None";

  private ServiceEnvironment() {
  }

  /** Sorted by name, as vCluster sorts what it prepends (deterministic, so re-translations compare equal). */
  public static Map<String, String> of(Boolean enableServiceLinks, PodNetwork network) {
    Map<String, String> out = new TreeMap<>();
    // The API server defaults enableServiceLinks to true; null means an object it never defaulted.
    if (enableServiceLinks == null || enableServiceLinks) {
      network.services().stream().filter(ServiceEnvironment::hasClusterIp).forEach(s -> add(out, s));
    }
    if (network.kubernetesIp() != null) {
      kubernetes(out, network.kubernetesIp(), network.kubernetesPort());
    }
    return out;
  }

  /** kubelet's IsServiceIPSet: headless and ExternalName Services get no variables. */
  static boolean hasClusterIp(Service s) {
    String ip = s.getSpec() == null ? null : s.getSpec().getClusterIP();
    return ip != null && !ip.isEmpty() && !HEADLESS.equals(ip) && s.getSpec().getPorts() != null
        && !s.getSpec().getPorts().isEmpty();
  }

  private static void add(Map<String, String> out, Service s) {
    String prefix = envName(s.getMetadata().getName());
    String ip = s.getSpec().getClusterIP();
    out.put(prefix + "_SERVICE_HOST", ip);
    out.put(prefix + "_SERVICE_PORT", String.valueOf(s.getSpec().getPorts().get(0).getPort()));
    for (ServicePort p : s.getSpec().getPorts()) {
      if (p.getName() != null && !p.getName().isEmpty()) {
        out.put(prefix + "_SERVICE_PORT_" + envName(p.getName()), String.valueOf(p.getPort()));
      }
    }
    links(out, prefix, ip, s);
  }

  /** Docker links: {@code NAME_PORT} for the first port, and four variables per port. */
  private static void links(Map<String, String> out, String prefix, String ip, Service s) {
    boolean first = true;
    for (ServicePort p : s.getSpec().getPorts()) {
      String protocol = p.getProtocol() == null || p.getProtocol().isEmpty() ? "TCP" : p.getProtocol();
      String lower = protocol.toLowerCase(Locale.ROOT);
      String url = lower + "://" + hostPort(ip, p.getPort());
      if (first) {
        out.put(prefix + "_PORT", url);
        first = false;
      }
      String portPrefix = prefix + "_PORT_" + p.getPort() + "_" + protocol.toUpperCase(Locale.ROOT);
      out.put(portPrefix, url);
      out.put(portPrefix + "_PROTO", lower);
      out.put(portPrefix + "_PORT", String.valueOf(p.getPort()));
      out.put(portPrefix + "_ADDR", ip);
    }
  }

  /**
   * The tenant API as the virtual {@code default/kubernetes} Service would give it (port named https),
   * but at an address that routes on the host, as vCluster does with its own Service's IP.
   */
  private static void kubernetes(Map<String, String> out, String ip, int port) {
    String url = "tcp://" + hostPort(ip, port);
    out.put("KUBERNETES_SERVICE_HOST", ip);
    out.put("KUBERNETES_SERVICE_PORT", String.valueOf(port));
    out.put("KUBERNETES_SERVICE_PORT_HTTPS", String.valueOf(port));
    out.put("KUBERNETES_PORT", url);
    out.put("KUBERNETES_PORT_" + port + "_TCP", url);
    out.put("KUBERNETES_PORT_" + port + "_TCP_PROTO", "tcp");
    out.put("KUBERNETES_PORT_" + port + "_TCP_PORT", String.valueOf(port));
    out.put("KUBERNETES_PORT_" + port + "_TCP_ADDR", ip);
  }

  /** Go's net.JoinHostPort: IPv6 addresses in brackets. */
  private static String hostPort(String ip, int port) {
    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
  }

  /** kubelet's makeEnvVariableName: upper case, dashes to underscores. */
  static String envName(String name) {
    return name.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
