package dev.vkube.apiserver.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Services, endpoints, ingresses and network policies (printers.go printService, printEndpoints ...). */
final class ServiceColumns {
  private ServiceColumns() {}

  static List<Column> services(Clock clock) {
    return List.of(
        Column.text("Type", s -> Cells.text(s, "spec.type").isEmpty() ? "ClusterIP" : Cells.text(s, "spec.type")),
        Column.text("Cluster-IP", s -> Cells.orNone(Cells.text(s, "spec.clusterIP"))),
        Column.text("External-IP", ServiceColumns::externalIp),
        Column.text("Port(s)", ServiceColumns::ports),
        Column.text("Age", s -> Cells.age(clock, s)),
        Column.wide("Selector", s -> Cells.mapSelector(Cells.at(s, "spec.selector"))));
  }

  private static String externalIp(JsonNode service) {
    String type = Cells.text(service, "spec.type");
    List<String> ips = new ArrayList<>();
    Cells.at(service, "spec.externalIPs").forEach(ip -> ips.add(ip.asText()));
    if (type.equals("ExternalName")) {
      return Cells.text(service, "spec.externalName");
    }
    if (type.equals("LoadBalancer")) {
      for (JsonNode ingress : Cells.at(service, "status.loadBalancer.ingress")) {
        ips.add(ingress.has("ip") ? ingress.path("ip").asText() : ingress.path("hostname").asText());
      }
      return ips.isEmpty() ? "<pending>" : String.join(",", ips);
    }
    return ips.isEmpty() ? Cells.NONE : String.join(",", ips);
  }

  /** "80/TCP,443:30443/TCP" (makePortString). */
  private static String ports(JsonNode service) {
    List<String> out = new ArrayList<>();
    for (JsonNode port : Cells.at(service, "spec.ports")) {
      String protocol = port.path("protocol").asText("TCP");
      String node = port.has("nodePort") ? ":" + port.path("nodePort").asText() : "";
      out.add(port.path("port").asText() + node + "/" + protocol);
    }
    return out.isEmpty() ? Cells.NONE : String.join(",", out);
  }

  static List<Column> endpoints(Clock clock) {
    return List.of(Column.text("Endpoints", ServiceColumns::endpointAddresses),
        Column.text("Age", e -> Cells.age(clock, e)));
  }

  /** Up to three "ip:port" pairs then " + N more..." (formatEndpoints). */
  private static String endpointAddresses(JsonNode endpoints) {
    List<String> pairs = new ArrayList<>();
    int total = 0;
    for (JsonNode subset : endpoints.path("subsets")) {
      for (JsonNode address : subset.path("addresses")) {
        JsonNode ports = subset.path("ports");
        if (ports.size() == 0) {
          total++;
          if (pairs.size() < 3) {
            pairs.add(address.path("ip").asText());
          }
        }
        for (JsonNode port : ports) {
          total++;
          if (pairs.size() < 3) {
            pairs.add(address.path("ip").asText() + ":" + port.path("port").asText());
          }
        }
      }
    }
    if (pairs.isEmpty()) {
      return Cells.NONE;
    }
    String shown = String.join(",", pairs);
    return total > pairs.size() ? shown + " + " + (total - pairs.size()) + " more..." : shown;
  }

  static List<Column> ingresses(Clock clock) {
    return List.of(
        Column.text("Class", i -> Cells.orNone(Cells.text(i, "spec.ingressClassName"))),
        Column.text("Hosts", ServiceColumns::hosts),
        Column.text("Address", i -> {
          List<String> out = new ArrayList<>();
          Cells.at(i, "status.loadBalancer.ingress").forEach(lb -> out.add(lb.has("ip") ? lb.path("ip").asText()
              : lb.path("hostname").asText()));
          return String.join(",", out);
        }),
        Column.text("Ports", i -> Cells.at(i, "spec.tls").size() > 0 ? "80, 443" : "80"),
        Column.text("Age", i -> Cells.age(clock, i)));
  }

  private static String hosts(JsonNode ingress) {
    List<String> hosts = new ArrayList<>();
    for (JsonNode rule : Cells.at(ingress, "spec.rules")) {
      hosts.add(rule.path("host").asText("*").isEmpty() ? "*" : rule.path("host").asText("*"));
    }
    if (hosts.isEmpty()) {
      return "*";
    }
    return hosts.size() > 4 ? String.join(",", hosts.subList(0, 4)) + " + " + (hosts.size() - 4) + " more..."
        : String.join(",", hosts);
  }

  static List<Column> endpointSlices(Clock clock) {
    return List.of(
        Column.text("AddressType", e -> e.path("addressType").asText()),
        Column.text("Ports", e -> {
          List<String> ports = new ArrayList<>();
          e.path("ports").forEach(p -> ports.add(p.path("port").asText()));
          return ports.isEmpty() ? Cells.NONE : String.join(",", ports);
        }),
        Column.text("Endpoints", e -> {
          List<String> addresses = new ArrayList<>();
          e.path("endpoints").forEach(ep -> ep.path("addresses").forEach(a -> addresses.add(a.asText())));
          return addresses.isEmpty() ? "<unset>" : String.join(",", addresses.subList(0, Math.min(3,
              addresses.size()))) + (addresses.size() > 3 ? " + " + (addresses.size() - 3) + " more..." : "");
        }),
        Column.text("Age", e -> Cells.age(clock, e)));
  }

  static List<Column> networkPolicies(Clock clock) {
    return List.of(Column.text("Pod-Selector", n -> Cells.selector(Cells.at(n, "spec.podSelector"))
            .replace(Cells.NONE, "<none>")),
        Column.text("Age", n -> Cells.age(clock, n)));
  }
}
