package dev.vkube.syncer.names;

/**
 * Label and annotation keys on host objects. vkube uses vCluster's own keys
 * (pkg/util/translate/types.go, pods/translate/translator.go) so that host-side tooling written for
 * vCluster (policies, cost reports, cleanup scripts) works unchanged.
 */
public final class Markers {
  public static final String MANAGED_BY_LABEL = "vcluster.loft.sh/managed-by";
  public static final String NAMESPACE_LABEL = "vcluster.loft.sh/namespace";
  public static final String CONTROLLED_BY_LABEL = "vcluster.loft.sh/controlled-by";
  public static final String LABEL_PREFIX = "vcluster.loft.sh/label";

  public static final String OBJECT_NAME = "vcluster.loft.sh/object-name";
  public static final String OBJECT_NAMESPACE = "vcluster.loft.sh/object-namespace";
  public static final String OBJECT_UID = "vcluster.loft.sh/object-uid";
  public static final String OBJECT_KIND = "vcluster.loft.sh/object-kind";

  /** Pod annotations read back by downward API items (metadata.name/namespace/uid of the virtual pod). */
  public static final String POD_NAME = "vcluster.loft.sh/name";
  public static final String POD_NAMESPACE = "vcluster.loft.sh/namespace";
  public static final String POD_UID = "vcluster.loft.sh/uid";
  public static final String POD_SERVICE_ACCOUNT = "vcluster.loft.sh/service-account-name";
  public static final String POD_TOKEN_PREFIX = "vcluster.loft.sh/token-";

  /** On the virtual Service: the cluster IP its host copy got (until create-on-host-first exists). */
  public static final String HOST_CLUSTER_IP = "vkube.dev/host-cluster-ip";

  private Markers() {
  }
}
