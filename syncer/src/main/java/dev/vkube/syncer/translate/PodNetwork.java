package dev.vkube.syncer.translate;

import io.fabric8.kubernetes.api.model.Service;
import java.util.List;

/**
 * The virtual cluster's network as a pod of one virtual namespace must see it, resolved to addresses
 * that work on the host (vCluster's getK8sIPDNSIPServiceList, pods/translate.go): what the tenant's
 * kubelet would put into the pod, which the host's kubelet cannot know.
 *
 * @param dnsIp the cluster IP of the host copy of the tenant's {@code kube-system/kube-dns} Service, or
 *     null when the tenant runs no DNS (the pod keeps its DNS policy)
 * @param clusterDomain the tenant's cluster domain for the DNS search list
 * @param kubernetesIp the cluster IP of the host Service in front of the tenant API (vCluster: the
 *     vCluster's own Service), or null when there is none (no KUBERNETES_* variables, no host alias)
 * @param kubernetesPort that Service's port
 * @param services the pod namespace's Services, each with the cluster IP that routes on the host
 */
public record PodNetwork(String dnsIp, String clusterDomain, String kubernetesIp, int kubernetesPort,
    List<Service> services) {
  public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";
  public static final int DEFAULT_KUBERNETES_PORT = 443;

  /** Nothing known: DNS policy kept, no service variables (a translation made only to compare metadata). */
  public static final PodNetwork NONE = new PodNetwork(null, DEFAULT_CLUSTER_DOMAIN, null, DEFAULT_KUBERNETES_PORT,
      List.of());
}
