package dev.vkube.bench.gpu;

import dev.vkube.scheduler.gpu.DevicePicker;
import dev.vkube.scheduler.gpu.Fragmentation;
import dev.vkube.scheduler.gpu.GpuAllocation;
import dev.vkube.scheduler.gpu.GpuDemand;
import dev.vkube.scheduler.gpu.WorkloadProfile;
import dev.vkube.scheduler.model.Resources;
import dev.vkube.scheduler.score.Scored;
import dev.vkube.scheduler.score.Scorer;
import dev.vkube.scheduler.snapshot.Demand;
import dev.vkube.scheduler.snapshot.NodeState;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.util.List;

/**
 * The FGD policy as the paper's simulator scores it, for the comparison column of the benchmark
 * (our reading of hkust-adsl/kubernetes-scheduler-simulator {@code pkg/simulator/plugin/fgd_score.go}
 * and {@code pkg/utils/frag.go}; written here, not copied): fragmentation against the typical pods
 * (cpu and GPU only, 95% of pods), one copy per shape, and the node score is the fragmentation
 * decrease squashed to an integer 0-100 ({@code int(100 × sigmoid(Δ / 1000))}), so changes
 * within the same step of about 40 milli-GPU tie and the scheduler breaks the tie at random. A shared task
 * takes the lowest-numbered device with the highest such score; whole GPUs the lowest-numbered
 * free ones.
 */
final class PaperFgdScorer implements Scorer {
  /** podPopularityThreshold 95 of the paper's run configuration (scripts/generate_config_and_run.py). */
  static final double POPULARITY = 0.95;
  private final Fragmentation fragmentation;

  PaperFgdScorer(WorkloadProfile typical) {
    this.fragmentation = new Fragmentation(typical, false);
  }

  @Override
  public NodeScorer prepare(Demand pod, Snapshot snapshot) {
    return node -> score(pod, node);
  }

  private Scored score(Demand pod, NodeState node) {
    double before = node.<Double>memo(fragmentation, fragmentation::of);
    Resources alloc = node.node().allocatable();
    long cpuFree = alloc.cpuMilli() - node.requested().cpuMilli() - pod.requests().cpuMilli();
    long memFree = alloc.memory() - node.requested().memory() - pod.requests().memory();
    int[] free = node.gpuFree();
    GpuDemand gpu = pod.gpu();
    if (gpu.none() || node.gpuCount() == 0) {
      return new Scored(squash(before - fragmentation.measure(cpuFree, memFree, free, node.node().gpus())),
          GpuAllocation.NONE);
    }
    if (!gpu.isShared()) {
      var whole = new GpuAllocation(DevicePicker.wholeDevices(gpu, node), gpu.milli());
      whole.devices().forEach(d -> free[d] -= gpu.milli());
      return new Scored(squash(before - fragmentation.measure(cpuFree, memFree, free, node.node().gpus())), whole);
    }
    int best = -1;
    long bestScore = -1;
    for (int d = 0; d < free.length; d++) {
      if (!DevicePicker.usable(gpu, node, d)) {
        continue;
      }
      free[d] -= gpu.milli();
      long s = squash(before - fragmentation.measure(cpuFree, memFree, free, node.node().gpus()));
      free[d] += gpu.milli();
      if (s > bestScore) {
        best = d;
        bestScore = s;
      }
    }
    return new Scored(bestScore, new GpuAllocation(List.of(best), gpu.milli()));
  }

  /** Go's int64() truncates toward zero: any increase scores 49 or less, no change 50. */
  static long squash(double decrease) {
    return (long) (100 / (1 + Math.exp(-decrease / 1000)));
  }
}
