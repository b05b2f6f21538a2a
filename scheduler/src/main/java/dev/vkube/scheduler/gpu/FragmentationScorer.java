package dev.vkube.scheduler.gpu;

import dev.vkube.scheduler.model.GpuDevice;
import dev.vkube.scheduler.model.Resources;
import dev.vkube.scheduler.score.Scored;
import dev.vkube.scheduler.score.Scorer;
import dev.vkube.scheduler.snapshot.Demand;
import dev.vkube.scheduler.snapshot.NodeState;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.util.List;

/**
 * Fragmentation-aware placement: the node and device whose expected fragmentation grows least
 * when the pod lands there (the gradient-descent idea of FGD, Weng et al., ATC '23). The node's
 * current measure is memoised on its immutable state.
 *
 * <p>Beyond the paper: the measure itself counts how many copies of each task shape cpu and memory
 * can feed ({@link Fragmentation}, {@code depth}); among devices that grow fragmentation equally
 * the one with the least room wins (best fit); an optional bias of {@code packing} milli-GPU per
 * unit of free share left on the node (GPU share + cpu share) favours fuller nodes; and the growth
 * is counted in whole units of {@code growthUnit} milli-GPU, rounded up, so the score is
 * {@code -ceil(growth / unit)}. The measure is an expectation over a sample of the workload, and
 * differences well below a GPU are within its error: treating them as ties lets the scheduler's
 * random tie-break spread near-equal choices over nodes instead of always taking the same kind,
 * while a placement that adds no fragmentation still beats one that adds any (rounding up keeps
 * that sign). On the Alibaba trace replay a unit of 300 adds 0.37, 0.34 and 0.46 points of GPU
 * allocation at 100% arrived on the original trace and its GPU-sharing and multi-GPU resamples
 * (3 seeds; docs/gpu-packing.md has the sweep).
 */
public final class FragmentationScorer implements Scorer {
  private final Fragmentation fragmentation;
  /** The node-state memo key of {@link Current} (this scorer's own, so profiles never share it). */
  private final Object currentKey = new Object();

  /** A node state's device part ({@link Fragmentation#devicePart}) and its measure. */
  private record Current(long[] part, double value) {}
  private final double packing;
  private final double growthUnit;

  public FragmentationScorer(WorkloadProfile workload, double packing, boolean depth, double growthUnit) {
    this.fragmentation = new Fragmentation(workload, depth);
    this.packing = packing;
    this.growthUnit = growthUnit;
  }

  /** Exact growth, no rounding. */
  public FragmentationScorer(WorkloadProfile workload, double packing, boolean depth) {
    this(workload, packing, depth, 0);
  }

  @Override
  public NodeScorer prepare(Demand pod, Snapshot snapshot) {
    return node -> score(pod, node);
  }

  /**
   * The measure after placement starts from the node's current device part (memoised on its
   * immutable state) and moves only the devices the pod takes: a cpu-only pod changes none, a
   * shared pod one, so a candidate costs one pass over the shape groups instead of a pass per
   * device. The part is integer sums, so the result is the direct measure to the bit.
   */
  private Scored score(Demand pod, NodeState node) {
    Current current = node.memo(currentKey, this::current);
    double before = current.value();
    Resources alloc = node.node().allocatable();
    long cpuFree = alloc.cpuMilli() - node.requested().cpuMilli() - pod.requests().cpuMilli();
    long memFree = alloc.memory() - node.requested().memory() - pod.requests().memory();
    int[] free = node.gpuFree();
    List<GpuDevice> devices = node.node().gpus();
    GpuDemand gpu = pod.gpu();
    GpuAllocation chosen = GpuAllocation.NONE;
    double after;
    if (gpu.none() || node.gpuCount() == 0) {
      after = fragmentation.measure(cpuFree, memFree, current.part());
    } else if (!gpu.isShared()) {
      chosen = new GpuAllocation(DevicePicker.wholeDevices(gpu, node), gpu.milli());
      long[] part = current.part().clone();
      for (int d : chosen.devices()) {
        fragmentation.moveDevice(part, free[d], free[d] - gpu.milli(), devices.get(d).model());
        free[d] -= gpu.milli();
      }
      after = fragmentation.measure(cpuFree, memFree, part);
    } else {
      int best = -1;
      after = Double.MAX_VALUE;
      long[] part = new long[current.part().length];
      for (int d = 0; d < free.length; d++) {
        if (!DevicePicker.usable(gpu, node, d) || (best >= 0 && free[d] == free[best])) {
          continue;
        }
        System.arraycopy(current.part(), 0, part, 0, part.length);
        fragmentation.moveDevice(part, free[d], free[d] - gpu.milli(), devices.get(d).model());
        double f = fragmentation.measure(cpuFree, memFree, part);
        if (f < after || (f == after && free[d] < free[best])) {
          after = f;
          best = d;
        }
      }
      chosen = new GpuAllocation(List.of(best), gpu.milli());
      free[best] -= gpu.milli();
    }
    double growth = after - before + (packing == 0 ? 0 : packing * leftover(node, free, cpuFree));
    return new Scored(growthUnit > 0 ? -Math.ceil(growth / growthUnit) : -growth, chosen);
  }

  private Current current(NodeState node) {
    Resources alloc = node.node().allocatable();
    long[] part = fragmentation.devicePart(node.gpuFree(), node.node().gpus());
    return new Current(part, fragmentation.measure(alloc.cpuMilli() - node.requested().cpuMilli(),
        alloc.memory() - node.requested().memory(), part));
  }

  /** Free GPU share plus free cpu share after placement, in [0, 2]. */
  private static double leftover(NodeState node, int[] free, long cpuFree) {
    long cpuAlloc = node.node().allocatable().cpuMilli();
    double cpu = cpuAlloc <= 0 ? 0 : (double) cpuFree / cpuAlloc;
    if (node.gpuCount() == 0) {
      return cpu;
    }
    long left = 0;
    for (int f : free) {
      left += f;
    }
    return cpu + (double) left / node.gpuCapacity();
  }
}
