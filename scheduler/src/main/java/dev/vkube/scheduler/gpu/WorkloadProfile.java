package dev.vkube.scheduler.gpu;

import dev.vkube.scheduler.snapshot.Demand;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The distribution of task shapes the cluster expects: the "target workload" M of the FGD paper
 * (Weng et al., ATC '23, §4), against which fragmentation is measured. Built from observed or
 * replayed pods; weights sum to 1.
 */
public record WorkloadProfile(List<TaskShape> shapes) {
  public WorkloadProfile {
    shapes = List.copyOf(shapes);
  }

  /** Each distinct (cpu, memory, GPU count, milli, products) shape weighted by how often it occurs. */
  public static WorkloadProfile of(Collection<Demand> pods) {
    record Key(long cpu, long memory, int count, int milli, Set<String> models) {}
    Map<Key, Double> counts = new LinkedHashMap<>();
    for (Demand d : pods) {
      GpuDemand g = d.gpu();
      counts.merge(new Key(d.requests().cpuMilli(), d.requests().memory(), g.count(), g.milli(), g.models()), 1.0,
          Double::sum);
    }
    double total = counts.values().stream().mapToDouble(Double::doubleValue).sum();
    var out = new ArrayList<TaskShape>();
    counts.forEach((k, n) -> out.add(new TaskShape(k.cpu, k.memory, k.count, k.milli, k.models, n / total)));
    out.sort(Comparator.comparingDouble(TaskShape::weight).reversed());
    return new WorkloadProfile(out);
  }

  /**
   * The FGD paper's "typical pods" as its simulator derives them (pkg/utils/frag.go
   * GetTypicalPods, run with podPopularityThreshold 95): shapes keyed by cpu and GPU request only
   * (no memory), the most frequent first until they cover {@code coverage} of all pods, then
   * reweighted to sum to 1. Equal counts are ordered larger request first, as its reversed sort.
   */
  public static WorkloadProfile typical(Collection<Demand> pods, double coverage) {
    record Key(long cpu, int count, int milli, Set<String> models) {}
    Map<Key, Integer> counts = new LinkedHashMap<>();
    for (Demand d : pods) {
      GpuDemand g = d.gpu();
      counts.merge(new Key(d.requests().cpuMilli(), g.count(), g.milli(), g.models()), 1, Integer::sum);
    }
    var keys = new ArrayList<>(counts.keySet());
    keys.sort(Comparator.<Key>comparingInt(counts::get).thenComparingLong(Key::cpu).thenComparingInt(Key::milli)
        .thenComparingInt(Key::count).reversed());
    int total = pods.size();
    int covered = 0;
    var kept = new ArrayList<Key>();
    for (Key k : keys) {
      if (covered >= coverage * total) {
        break;
      }
      kept.add(k);
      covered += counts.get(k);
    }
    var out = new ArrayList<TaskShape>(kept.size());
    for (Key k : kept) {
      out.add(new TaskShape(k.cpu, 0, k.count, k.milli, k.models, (double) counts.get(k) / covered));
    }
    return new WorkloadProfile(out);
  }
}
