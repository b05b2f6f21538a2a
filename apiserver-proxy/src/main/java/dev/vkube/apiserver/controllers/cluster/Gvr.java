package dev.vkube.apiserver.controllers.cluster;

/** A group/version/resource the cluster controllers read or write. */
public record Gvr(String group, String version, String resource) {
  public static final Gvr NAMESPACES = new Gvr("", "v1", "namespaces");
  public static final Gvr PODS = new Gvr("", "v1", "pods");
  public static final Gvr SERVICES = new Gvr("", "v1", "services");
  public static final Gvr ENDPOINTS = new Gvr("", "v1", "endpoints");
  public static final Gvr CONFIGMAPS = new Gvr("", "v1", "configmaps");
  public static final Gvr SERVICE_ACCOUNTS = new Gvr("", "v1", "serviceaccounts");
  public static final Gvr NODES = new Gvr("", "v1", "nodes");
  public static final Gvr REPLICATION_CONTROLLERS = new Gvr("", "v1", "replicationcontrollers");
  public static final Gvr ENDPOINT_SLICES = new Gvr("discovery.k8s.io", "v1", "endpointslices");
  public static final Gvr LEASES = new Gvr("coordination.k8s.io", "v1", "leases");
  public static final Gvr PDBS = new Gvr("policy", "v1", "poddisruptionbudgets");
  public static final Gvr REPLICA_SETS = new Gvr("apps", "v1", "replicasets");
  public static final Gvr DEPLOYMENTS = new Gvr("apps", "v1", "deployments");
  public static final Gvr STATEFUL_SETS = new Gvr("apps", "v1", "statefulsets");
}
