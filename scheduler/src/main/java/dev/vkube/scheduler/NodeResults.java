package dev.vkube.scheduler;

import dev.vkube.scheduler.filter.NodeCheck;
import dev.vkube.scheduler.gpu.GpuAllocation;
import dev.vkube.scheduler.score.Scored;
import dev.vkube.scheduler.score.Scorer;
import dev.vkube.scheduler.snapshot.Demand;
import dev.vkube.scheduler.snapshot.NodeState;
import java.util.List;

/**
 * Node-local verdicts and scores for one {@link PodShape}, remembered per node state. A placement
 * replaces one node's (immutable) state, so the next pod of the same shape recomputes only the
 * nodes whose state object changed; an identity check finds them. Scores sit in a plain array so
 * the scan for the best node stays within a few cache lines per node. This is how a 1,000-node
 * replay places thousands of pods per second on one core.
 */
final class NodeResults {
  private NodeState[] states = new NodeState[0];
  private List<String>[] reasons;
  private double[] scores;
  private GpuAllocation[] gpus;
  private boolean[] preferred;
  /** reasons[i].isEmpty(), kept flat so the per-pod scan reads no list object per node. */
  private boolean[] fits;

  /** Brings slot {@code i} up to date with {@code node}. */
  void refresh(int i, NodeState node, List<NodeCheck> checks, Scorer.NodeScorer scorer, Demand demand,
      boolean reserveGpuNodes) {
    if (states[i] == node) {
      return;
    }
    List<String> r = Scheduler.firstFailure(checks, node);
    reasons[i] = r;
    fits[i] = r.isEmpty();
    if (r.isEmpty()) {
      Scored s = scorer.score(node);
      scores[i] = s.score();
      gpus[i] = s.gpus();
      preferred[i] = !reserveGpuNodes || !Scheduler.strandsExtended(demand, node);
    }
    states[i] = node;
  }

  @SuppressWarnings("unchecked")
  void resize(int nodeCount) {
    if (states.length != nodeCount) {
      states = new NodeState[nodeCount];
      reasons = new List[nodeCount];
      scores = new double[nodeCount];
      gpus = new GpuAllocation[nodeCount];
      preferred = new boolean[nodeCount];
      fits = new boolean[nodeCount];
    }
  }

  List<String> reasons(int i) {
    return reasons[i];
  }

  boolean fits(int i) {
    return fits[i];
  }

  double score(int i) {
    return scores[i];
  }

  GpuAllocation gpus(int i) {
    return gpus[i];
  }

  boolean preferred(int i) {
    return preferred[i];
  }
}
