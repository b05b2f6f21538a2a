package dev.vkube.syncer.translate;

import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Points a host pod at the virtual cluster's DNS, as vCluster's translateDNSConfig does
 * (pods/translate/translator.go): {@code ClusterFirst} (without hostNetwork) and
 * {@code ClusterFirstWithHostNet} become {@code None} with the virtual DNS as first nameserver, searches
 * {@code NS.svc.DOMAIN svc.DOMAIN DOMAIN} and {@code ndots:5}, followed by the pod's own dnsConfig;
 * {@code Default}, {@code None} and {@code ClusterFirst} with hostNetwork keep what they say (the node's
 * resolver, the pod's own config). Without a virtual DNS the pod is left as it is.
 *
 * <p>One difference, on purpose: vCluster drops the pod's own dnsConfig options; the tenant's kubelet
 * would merge them (pkg/kubelet/network/dns: the pod's options override same-named defaults), so we do.
 */
final class PodDns {
  static final String NONE = "None";
  static final String CLUSTER_FIRST = "ClusterFirst";
  static final String CLUSTER_FIRST_WITH_HOST_NET = "ClusterFirstWithHostNet";
  static final String NDOTS = "5";

  private PodDns() {
  }

  static void rewrite(PodSpec spec, String namespace, PodNetwork network) {
    if (network.dnsIp() == null || !usesClusterDns(spec)) {
      return;
    }
    String domain = network.clusterDomain();
    PodDNSConfig own = spec.getDnsConfig();
    List<String> nameservers = merge(List.of(network.dnsIp()), own == null ? null : own.getNameservers());
    List<String> searches = merge(List.of(namespace + ".svc." + domain, "svc." + domain, domain),
        own == null ? null : own.getSearches());
    Map<String, PodDNSConfigOption> options = new LinkedHashMap<>();
    options.put("ndots", new PodDNSConfigOption("ndots", NDOTS));
    if (own != null) {
      PodReferences.nonNull(own.getOptions()).forEach(o -> options.put(o.getName(), o));
    }
    spec.setDnsPolicy(NONE);
    spec.setDnsConfig(new PodDNSConfig(nameservers, new ArrayList<>(options.values()), searches));
  }

  /** The policies under which the tenant's kubelet would hand out the cluster DNS. */
  static boolean usesClusterDns(PodSpec spec) {
    String policy = spec.getDnsPolicy() == null || spec.getDnsPolicy().isEmpty() ? CLUSTER_FIRST : spec.getDnsPolicy();
    boolean hostNetwork = Boolean.TRUE.equals(spec.getHostNetwork());
    return CLUSTER_FIRST_WITH_HOST_NET.equals(policy) || (CLUSTER_FIRST.equals(policy) && !hostNetwork);
  }

  private static List<String> merge(List<String> first, List<String> then) {
    LinkedHashSet<String> out = new LinkedHashSet<>(first);
    out.addAll(PodReferences.nonNull(then));
    return new ArrayList<>(out);
  }
}
