package dev.vkube.syncer;

import java.nio.file.Path;

/**
 * How a syncer is started ({@code --host-kubeconfig}, {@code --host-namespace} on the server).
 *
 * @param virtualKubeconfig the tenant server's admin kubeconfig (loopback)
 * @param hostKubeconfig the host cluster's kubeconfig; rights in {@code hostNamespace} suffice
 * @param vclusterName the third part of translated names and the {@code managed-by} marker
 * @param hostServiceAccount the host account tenant pods run as (vCluster: {@code vc-workload-NAME})
 * @param pinnedNodeName null to let the host schedule; a node name for hosts without a scheduler
 * @param syncHostNodes virtual nodes carry the host nodes' data (needs read of host nodes); false: fake
 *     nodes, as vCluster's default
 * @param tenantApiService the host Service (in {@code hostNamespace}) in front of the tenant API, whose
 *     cluster IP pods get as KUBERNETES_SERVICE_HOST (vCluster: the vCluster's Service, named like it)
 * @param syncPriorityClasses tenant PriorityClasses are copied to the host (needs cluster-scoped rights
 *     on host priority classes) and pods keep theirs; false: pods run without priority class, as
 *     vCluster's default
 */
public record SyncerOptions(Path virtualKubeconfig, Path hostKubeconfig, String hostNamespace, String vclusterName,
    String hostServiceAccount, String pinnedNodeName, boolean syncHostNodes, String tenantApiService,
    boolean syncPriorityClasses) {
  public static final String DEFAULT_HOST_SERVICE_ACCOUNT = "default";

  public static SyncerOptions of(Path virtualKubeconfig, Path hostKubeconfig, String hostNamespace,
      String vclusterName) {
    return new SyncerOptions(virtualKubeconfig, hostKubeconfig, hostNamespace, vclusterName,
        DEFAULT_HOST_SERVICE_ACCOUNT, null, false, vclusterName, false);
  }

  public SyncerOptions withPinnedNodeName(String node) {
    return new SyncerOptions(virtualKubeconfig, hostKubeconfig, hostNamespace, vclusterName, hostServiceAccount, node,
        syncHostNodes, tenantApiService, syncPriorityClasses);
  }

  public SyncerOptions withSyncHostNodes(boolean sync) {
    return new SyncerOptions(virtualKubeconfig, hostKubeconfig, hostNamespace, vclusterName, hostServiceAccount,
        pinnedNodeName, sync, tenantApiService, syncPriorityClasses);
  }

  public SyncerOptions withSyncPriorityClasses(boolean sync) {
    return new SyncerOptions(virtualKubeconfig, hostKubeconfig, hostNamespace, vclusterName, hostServiceAccount,
        pinnedNodeName, syncHostNodes, tenantApiService, sync);
  }
}
