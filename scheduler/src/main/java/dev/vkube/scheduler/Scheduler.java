package dev.vkube.scheduler;

import dev.vkube.scheduler.filter.Filter;
import dev.vkube.scheduler.filter.NodeCheck;
import dev.vkube.scheduler.gpu.GpuDemand;
import dev.vkube.scheduler.model.Pod;
import dev.vkube.scheduler.gpu.GpuAllocation;
import dev.vkube.scheduler.score.Scorer;
import dev.vkube.scheduler.snapshot.Demand;
import dev.vkube.scheduler.snapshot.NodeState;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The placement engine: filters every node, scores the feasible ones with the profile's strategy
 * and picks the best, breaking ties uniformly at random from the injected generator (upstream
 * selectHost's reservoir sampling), so a seed makes every run identical. Unlike kube-scheduler it
 * always looks at all nodes (percentageOfNodesToScore 100), which packing needs.
 *
 * <p>Pods requesting no GPU (nor another extended resource) rank nodes with such resources free
 * below all nodes without (gpu.md §5.2): a CPU pod lands on a GPU node only when nothing else fits.
 * A GPU node whose GPUs are all taken counts as a node without, since a CPU pod strands nothing
 * there.
 */
public final class Scheduler {
  private final Profile profile;
  private final RandomGenerator random;
  private final ShapeCache cache = new ShapeCache();

  public Scheduler(Profile profile, RandomGenerator random) {
    this.profile = profile;
    this.random = random;
  }

  /** Places the pod and, when placed, records it on {@code snapshot} (kube-scheduler's assume). */
  public Decision place(Snapshot snapshot, Pod pod) {
    Decision d = evaluate(snapshot, pod);
    d.node().ifPresent(n -> snapshot.bind(pod, n, d.gpus()));
    return d;
  }

  /** Places pods one after the other, each seeing the ones before it. */
  public List<Decision> placeBatch(Snapshot snapshot, List<Pod> pods) {
    var out = new ArrayList<Decision>(pods.size());
    pods.forEach(p -> out.add(place(snapshot, p)));
    return out;
  }

  /** The decision {@link #place} would make, without recording anything. */
  public Decision evaluate(Snapshot snapshot, Pod pod) {
    if (!pod.schedulingGates().isEmpty()) {
      return unplaced(pod, Decision.SCHEDULING_GATED, FitError.GATED, Map.of());
    }
    Demand demand = Demand.of(pod);
    List<NodeCheck> local = prepare(demand, snapshot, true);
    List<NodeCheck> global = prepare(demand, snapshot, false);
    Scorer.NodeScorer scorer = profile.scorer().prepare(demand, snapshot);
    NodeResults results = cache.get(PodShape.of(demand), snapshot.nodeCount());
    Best best = new Best();
    for (int i = 0; i < snapshot.nodeCount(); i++) {
      NodeState node = snapshot.nodeAt(i);
      results.refresh(i, node, local, scorer, demand, profile.reserveGpuNodes());
      if (results.fits(i) && (global.isEmpty() || firstFailure(global, node).isEmpty())) {
        best.offer(i, results.preferred(i), results.score(i));
      }
    }
    if (best.index < 0) {
      // Most pods are placed: the per-node reasons are gathered only for the others, in a second
      // pass that reads the verdicts just cached (and reruns the global checks, which are pure).
      List<String>[] rejected = rejections(snapshot, results, global);
      Map<String, List<String>> byNode = snapshot.nodeCount() == 0 ? Map.of() : new Rejections(nodesOf(snapshot), rejected);
      return unplaced(pod, Decision.UNSCHEDULABLE, FitError.message(snapshot.nodeCount(), rejected), byNode);
    }
    return Decision.placed(pod.key(), snapshot.nodeAt(best.index).name(), results.gpus(best.index), best.score);
  }

  /** Every node's rejection reasons when none fits; node-local verdicts come from {@code results}. */
  private static List<String>[] rejections(Snapshot snapshot, NodeResults results, List<NodeCheck> global) {
    List<String>[] out = newReasons(snapshot.nodeCount());
    for (int i = 0; i < out.length; i++) {
      out[i] = results.fits(i) ? firstFailure(global, snapshot.nodeAt(i)) : results.reasons(i);
    }
    return out;
  }

  private static Decision unplaced(Pod pod, String reason, String message, Map<String, List<String>> byNode) {
    return new Decision(pod.key(), Optional.empty(), GpuAllocation.NONE, 0, reason, message, byNode);
  }

  @SuppressWarnings("unchecked")
  private static List<String>[] newReasons(int n) {
    return new List[n];
  }

  private static NodeState[] nodesOf(Snapshot snapshot) {
    var out = new NodeState[snapshot.nodeCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = snapshot.nodeAt(i);
    }
    return out;
  }

  /** Why the pod fits no node, or fits some: every node's rejection reasons, in node order. */
  public Map<String, List<String>> explain(Snapshot snapshot, Pod pod) {
    Demand demand = Demand.of(pod);
    List<NodeCheck> local = prepare(demand, snapshot, true);
    List<NodeCheck> global = prepare(demand, snapshot, false);
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < snapshot.nodeCount(); i++) {
      NodeState node = snapshot.nodeAt(i);
      List<String> reasons = firstFailure(local, node);
      out.put(node.name(), reasons.isEmpty() ? firstFailure(global, node) : reasons);
    }
    return out;
  }

  /** Node-local filters run before the others; in the default order they come first anyway. */
  private List<NodeCheck> prepare(Demand demand, Snapshot snapshot, boolean nodeLocal) {
    var checks = new ArrayList<NodeCheck>(profile.filters().size());
    for (Filter f : profile.filters()) {
      if (f.nodeLocal() != nodeLocal) {
        continue;
      }
      NodeCheck c = f.prepare(demand, snapshot);
      if (c != NodeCheck.ALWAYS) {
        checks.add(c);
      }
    }
    return checks;
  }

  /** Upstream stops at the first filter plugin that rejects a node; so do we. */
  static List<String> firstFailure(List<NodeCheck> checks, NodeState node) {
    for (NodeCheck c : checks) {
      List<String> r = c.reasons(node);
      if (!r.isEmpty()) {
        return r;
      }
    }
    return NodeCheck.PASS;
  }

  /** Whether the node has free extended resources (GPUs first of all) that the pod does not ask for. */
  static boolean strandsExtended(Demand demand, NodeState node) {
    if (demand.gpu().none() && node.gpuFreeTotal() > 0) {
      return true;
    }
    if (!node.hasOtherExtended()) {
      return false;
    }
    var alloc = node.node().allocatable();
    for (var e : alloc.extended().entrySet()) {
      String name = e.getKey();
      boolean deviceBacked = name.equals(GpuDemand.WHOLE_RESOURCE) && node.gpuCount() > 0;
      if (!deviceBacked && e.getValue() - node.requested().get(name) > 0 && demand.requests().get(name) == 0) {
        return true;
      }
    }
    return false;
  }

  /** The running winner of the reservoir: preference first, then score, ties sampled uniformly. */
  private final class Best {
    int index = -1;
    boolean preferred;
    double score;
    int ties;

    void offer(int candidate, boolean prefer, double s) {
      int cmp = index < 0 ? 1 : prefer != preferred ? (prefer ? 1 : -1) : Double.compare(s, score);
      if (cmp > 0) {
        index = candidate;
        preferred = prefer;
        score = s;
        ties = 1;
      } else if (cmp == 0 && random.nextInt(++ties) == 0) {
        index = candidate;
      }
    }
  }
}
