package dev.vkube.apiserver.controllers.cluster;

import dev.vkube.apiserver.ServerContext;
import java.util.List;

/**
 * Starts the cluster-wide controllers (garbage collector, namespaces, service accounts, endpoints and
 * endpoint slices, disruption budgets, node lifecycle).
 */
public final class ClusterControllers {
  private ClusterControllers() {}

  /** Called once this replica leads; everything returned is closed when it stops leading. */
  public static List<AutoCloseable> start(ServerContext context) {
    return List.of();
  }
}
