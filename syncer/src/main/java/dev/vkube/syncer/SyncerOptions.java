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
 */
public record SyncerOptions(Path virtualKubeconfig, Path hostKubeconfig, String hostNamespace, String vclusterName,
    String hostServiceAccount, String pinnedNodeName, boolean syncHostNodes) {
  public static final String DEFAULT_HOST_SERVICE_ACCOUNT = "default";

  public static SyncerOptions of(Path virtualKubeconfig, Path hostKubeconfig, String hostNamespace,
      String vclusterName) {
    return new SyncerOptions(virtualKubeconfig, hostKubeconfig, hostNamespace, vclusterName,
        DEFAULT_HOST_SERVICE_ACCOUNT, null, false);
  }

  public SyncerOptions withPinnedNodeName(String node) {
    return new SyncerOptions(virtualKubeconfig, hostKubeconfig, hostNamespace, vclusterName, hostServiceAccount, node,
        syncHostNodes);
  }

  public SyncerOptions withSyncHostNodes(boolean sync) {
    return new SyncerOptions(virtualKubeconfig, hostKubeconfig, hostNamespace, vclusterName, hostServiceAccount,
        pinnedNodeName, sync);
  }
}
