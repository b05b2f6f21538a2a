package dev.vkube.apiserver.controllers.workloads;

/** A resource the workload controllers read or write, and the kind its objects carry. */
record Kind(String group, String version, String resource, String kind) {
  static final Kind POD = new Kind("", "v1", "pods", "Pod");
  static final Kind NODE = new Kind("", "v1", "nodes", "Node");
  static final Kind PVC = new Kind("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim");
  static final Kind REPLICATION_CONTROLLER = new Kind("", "v1", "replicationcontrollers", "ReplicationController");
  static final Kind REPLICA_SET = new Kind("apps", "v1", "replicasets", "ReplicaSet");
  static final Kind DEPLOYMENT = new Kind("apps", "v1", "deployments", "Deployment");
  static final Kind STATEFUL_SET = new Kind("apps", "v1", "statefulsets", "StatefulSet");
  static final Kind DAEMON_SET = new Kind("apps", "v1", "daemonsets", "DaemonSet");
  static final Kind CONTROLLER_REVISION = new Kind("apps", "v1", "controllerrevisions", "ControllerRevision");
  static final Kind JOB = new Kind("batch", "v1", "jobs", "Job");
  static final Kind CRON_JOB = new Kind("batch", "v1", "cronjobs", "CronJob");

  String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }
}
