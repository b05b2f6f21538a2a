package dev.vkube.scheduler.score;

import dev.vkube.scheduler.snapshot.Demand;
import dev.vkube.scheduler.snapshot.NodeState;
import dev.vkube.scheduler.snapshot.Snapshot;

/**
 * A scoring strategy; {@link #prepare} runs once per pod (upstream PreScore). A node's score may
 * depend only on the node's state and the pod's requests and GPU demand: the scheduler caches it
 * per node state and pod shape.
 */
public interface Scorer {
  NodeScorer prepare(Demand pod, Snapshot snapshot);

  /** Scores one feasible node. */
  @FunctionalInterface
  interface NodeScorer {
    Scored score(NodeState node);
  }
}
