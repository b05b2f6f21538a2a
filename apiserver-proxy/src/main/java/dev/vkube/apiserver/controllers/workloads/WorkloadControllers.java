package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.ServerContext;
import dev.vkube.apiserver.registry.ObjectCache;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the workload controllers (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob),
 * each a client of this server's stores fed by the shared informers, as kube-controller-manager's.
 */
public final class WorkloadControllers {
  /**
   * Workers per controller (kube-controller-manager's --concurrent-*-syncs default to 5). A reconcile
   * spends most of its time waiting for its writes (a round trip through admission and etcd, tens of
   * milliseconds on a loaded machine), not computing, so the two busiest controllers get more workers
   * than cores: deploy-bench's 1,000 Deployments waited in these queues with 4 workers each.
   */
  static final int REPLICA_SET_WORKERS = 16;
  static final int DEPLOYMENT_WORKERS = 16;
  static final int OTHER_WORKERS = 2;

  private WorkloadControllers() {}

  /** Called once this replica leads; everything returned is closed when it stops leading. */
  public static List<AutoCloseable> start(ServerContext context) {
    Clock clock = context.clock();
    List<AutoCloseable> started = new ArrayList<>();
    WorkloadClient rsClient = new WorkloadClient(context.informers(), "replicaset-controller");
    ObjectCache podCache = rsClient.cache(Kind.POD);
    ObjectCache rsCache = rsClient.cache(Kind.REPLICA_SET);
    OwnedIndex podsByOwner = new OwnedIndex(podCache);
    OwnedIndex replicaSetsByOwner = new OwnedIndex(rsCache);

    started.add(new WatchedController("replicaset", rsCache,
        new ReplicaSetReconciler(rsClient, Kind.REPLICA_SET, podsByOwner, clock), REPLICA_SET_WORKERS, clock)
        .watchOwned(podCache, Kind.REPLICA_SET).start());
    WorkloadClient rcClient = new WorkloadClient(context.informers(), "replication-controller");
    started.add(new WatchedController("replicationcontroller", rcClient.cache(Kind.REPLICATION_CONTROLLER),
        new ReplicaSetReconciler(rcClient, Kind.REPLICATION_CONTROLLER, podsByOwner, clock), OTHER_WORKERS, clock)
        .watchOwned(podCache, Kind.REPLICATION_CONTROLLER).start());

    WorkloadClient deployClient = new WorkloadClient(context.informers(), "deployment-controller");
    ObjectCache deployCache = deployClient.cache(Kind.DEPLOYMENT);
    started.add(new WatchedController("deployment", deployCache,
        new DeploymentReconciler(deployClient, replicaSetsByOwner, podsByOwner, clock), DEPLOYMENT_WORKERS, clock)
        .watchOwned(rsCache, Kind.DEPLOYMENT)
        .watch(podCache, pod -> recreateDeploymentOf(pod, rsCache, deployCache)).start());

    WorkloadClient jobClient = new WorkloadClient(context.informers(), "job-controller");
    started.add(new WatchedController("job", jobClient.cache(Kind.JOB),
        new JobReconciler(jobClient, podsByOwner, clock), OTHER_WORKERS, clock)
        .watchOwned(podCache, Kind.JOB).start());

    WorkloadClient cronClient = new WorkloadClient(context.informers(), "cronjob-controller");
    ObjectCache jobCache = cronClient.cache(Kind.JOB);
    started.add(new WatchedController("cronjob", cronClient.cache(Kind.CRON_JOB),
        new CronJobReconciler(cronClient, new OwnedIndex(jobCache), clock), OTHER_WORKERS, clock)
        .watchOwned(jobCache, Kind.CRON_JOB).start());

    WorkloadClient setClient = new WorkloadClient(context.informers(), "statefulset-controller");
    ObjectCache revisionCache = setClient.cache(Kind.CONTROLLER_REVISION);
    OwnedIndex revisionsByOwner = new OwnedIndex(revisionCache);
    started.add(new WatchedController("statefulset", setClient.cache(Kind.STATEFUL_SET),
        new StatefulSetReconciler(setClient, podsByOwner, new ControllerRevisions(setClient, revisionsByOwner), clock),
        OTHER_WORKERS, clock).watchOwned(podCache, Kind.STATEFUL_SET).start());

    WorkloadClient daemonClient = new WorkloadClient(context.informers(), "daemon-set-controller");
    ObjectCache daemonCache = daemonClient.cache(Kind.DAEMON_SET);
    started.add(new WatchedController("daemonset", daemonCache,
        new DaemonSetReconciler(daemonClient, podsByOwner, new ControllerRevisions(daemonClient, revisionsByOwner),
            clock), OTHER_WORKERS, clock)
        .watchOwned(podCache, Kind.DAEMON_SET)
        .watch(daemonClient.cache(Kind.NODE), node -> daemonCache.list(null).stream().map(Keys::of).toList())
        .start());
    return started;
  }

  /** A pod event matters to a Deployment only while it recreates (it waits for old pods to go). */
  private static List<String> recreateDeploymentOf(ObjectNode pod, ObjectCache replicaSets, ObjectCache deployments) {
    String rsKey = Owners.controllerKey(pod, Kind.REPLICA_SET);
    ObjectNode rs = rsKey == null ? null : replicaSets.get(Keys.namespace(rsKey), Keys.name(rsKey));
    String deployKey = rs == null ? null : Owners.controllerKey(rs, Kind.DEPLOYMENT);
    ObjectNode d = deployKey == null ? null : deployments.get(Keys.namespace(deployKey), Keys.name(deployKey));
    return d != null && "Recreate".equals(d.path("spec").path("strategy").path("type").asText()) ? List.of(deployKey)
        : null;
  }
}
