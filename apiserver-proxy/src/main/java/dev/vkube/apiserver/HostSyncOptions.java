package dev.vkube.apiserver;

import java.nio.file.Path;

/**
 * The embedded syncer's flags: {@code --host-kubeconfig}, {@code --host-namespace} and
 * {@code --vcluster-name}, {@code --sync-host-nodes}, {@code --sync-priority-classes}. A null kubeconfig
 * means in-cluster config (the server runs as a pod of the host; KUBERNETES_SERVICE_HOST is set). Without
 * {@code --sync-host-nodes} the virtual nodes are fake ones (vCluster's default; the syncer needs no right
 * on host nodes). Without {@code --sync-priority-classes} host pods run without priority class (vCluster's
 * default; with it the syncer needs rights on the host's cluster-scoped priority classes).
 */
public record HostSyncOptions(Path hostKubeconfig, String hostNamespace, String vclusterName, boolean syncHostNodes,
    boolean syncPriorityClasses) {
  public HostSyncOptions(Path hostKubeconfig, String hostNamespace, String vclusterName) {
    this(hostKubeconfig, hostNamespace, vclusterName, false);
  }

  public HostSyncOptions(Path hostKubeconfig, String hostNamespace, String vclusterName, boolean syncHostNodes) {
    this(hostKubeconfig, hostNamespace, vclusterName, syncHostNodes, false);
  }

  public HostSyncOptions withSyncPriorityClasses(boolean sync) {
    return new HostSyncOptions(hostKubeconfig, hostNamespace, vclusterName, syncHostNodes, sync);
  }

  /** The third part of translated host names when {@code --vcluster-name} is not given. */
  public static final String DEFAULT_VCLUSTER_NAME = "vkube";

  /**
   * The options the flags ask for, or null when they ask for no syncer. Fails on a half-given pair:
   * a namespace without kubeconfig outside a pod, or a kubeconfig without namespace.
   */
  static HostSyncOptions of(Path kubeconfig, String namespace, String vclusterName, boolean syncNodes,
      boolean inPod) {
    if (kubeconfig == null && namespace == null) {
      return null;
    }
    if (namespace == null || namespace.isEmpty()) {
      throw new IllegalArgumentException("--host-kubeconfig needs --host-namespace");
    }
    if (kubeconfig == null && !inPod) {
      throw new IllegalArgumentException("--host-namespace needs --host-kubeconfig when not running in a pod "
          + "(KUBERNETES_SERVICE_HOST unset)");
    }
    return new HostSyncOptions(kubeconfig, namespace, vclusterName == null ? DEFAULT_VCLUSTER_NAME : vclusterName,
        syncNodes);
  }
}
