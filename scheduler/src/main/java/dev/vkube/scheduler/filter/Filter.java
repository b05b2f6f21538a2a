package dev.vkube.scheduler.filter;

import dev.vkube.scheduler.snapshot.Demand;
import dev.vkube.scheduler.snapshot.Snapshot;

/**
 * One filter plugin. {@link #prepare} does the per-pod work once (upstream PreFilter) and
 * returns the per-node check (upstream Filter).
 */
public interface Filter {
  NodeCheck prepare(Demand pod, Snapshot snapshot);

  /**
   * Whether the verdict depends only on the node's state and the pod's {@code PodShape}, so the
   * scheduler may reuse it while the node is unchanged. Filters that count pods on other nodes
   * (spread, inter-pod affinity) are not.
   */
  default boolean nodeLocal() {
    return true;
  }
}
