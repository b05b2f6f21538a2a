package dev.vkube.apiserver.controllers.workloads;

import dev.vkube.apiserver.ServerContext;
import java.util.List;

/** Starts the workload controllers (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob). */
public final class WorkloadControllers {
  private WorkloadControllers() {}

  /** Called once this replica leads; everything returned is closed when it stops leading. */
  public static List<AutoCloseable> start(ServerContext context) {
    return List.of();
  }
}
