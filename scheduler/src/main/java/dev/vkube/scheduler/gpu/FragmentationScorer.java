package dev.vkube.scheduler.gpu;

import dev.vkube.scheduler.model.GpuDevice;
import dev.vkube.scheduler.model.Resources;
import dev.vkube.scheduler.score.Scored;
import dev.vkube.scheduler.score.Scorer;
import dev.vkube.scheduler.snapshot.Demand;
import dev.vkube.scheduler.snapshot.NodeState;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
  /** Devices a node may have for the allocation to be keyed by a bit mask; larger nodes take the listed path. */
  private static final int MAX_MASKED_DEVICES = 50;
  /** Shared allocations by (device mask, milli); forks on other threads score with the same scorer. */
  private final Map<Long, GpuAllocation> allocations = new ConcurrentHashMap<>();

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
    long cpuFree = node.freeCpuMilli() - pod.requests().cpuMilli();
    long memFree = node.freeMemory() - pod.requests().memory();
    GpuDemand gpu = pod.gpu();
    GpuAllocation chosen;
    double after;
    if (gpu.none() || node.gpuCount() == 0) {
      chosen = GpuAllocation.NONE;
      after = fragmentation.measure(cpuFree, memFree, current.part());
    } else if (node.gpuCount() > MAX_MASKED_DEVICES) {
      return scoreListed(pod, node, current, cpuFree, memFree);
    } else if (!gpu.isShared()) {
      // DevicePicker.wholeDevices' choice (the lowest-numbered usable devices), found without
      // building its list: the allocation is shared per device set (allocations), so scoring a
      // node allocates only the part's copy.
      List<GpuDevice> devices = node.node().gpus();
      long[] part = current.part().clone();
      long mask = 0;
      int taken = 0;
      for (int d = 0; d < node.gpuCount() && taken < gpu.count(); d++) {
        int free = node.gpuFree(d);
        if (free >= gpu.milli() && gpu.allows(devices, d)) {
          fragmentation.moveDevice(part, free, free - gpu.milli(), model(devices, d));
          mask |= 1L << d;
          taken++;
        }
      }
      chosen = allocation(mask, gpu.milli());
      after = fragmentation.measure(cpuFree, memFree, part);
    } else {
      List<GpuDevice> devices = node.node().gpus();
      int best = -1;
      int bestFree = 0;
      after = Double.MAX_VALUE;
      long[] base = current.part();
      long[] part = new long[base.length];
      // A device with the free milli of one measured before gives that one's measure, and cannot
      // win: the best so far is at most as large, and equal only with the same free milli. So
      // each distinct free value is measured once. (When models matter, only the best's free milli
      // is skipped, as before this shortcut.)
      int[] measured = new int[node.gpuCount()];
      int distinct = 0;
      boolean byModel = fragmentation.readsModels();
      for (int d = 0; d < node.gpuCount(); d++) {
        int free = node.gpuFree(d);
        if (free < gpu.milli() || !gpu.allows(devices, d) || (byModel ? best >= 0 && free == bestFree : contains(measured, distinct, free))) {
          continue;
        }
        measured[distinct++] = free;
        System.arraycopy(base, 0, part, 0, part.length);
        fragmentation.moveDevice(part, free, free - gpu.milli(), model(devices, d));
        double f = fragmentation.measure(cpuFree, memFree, part);
        if (f < after || (f == after && free < bestFree)) {
          after = f;
          best = d;
          bestFree = free;
        }
      }
      chosen = best < 0 ? new GpuAllocation(List.of(best), gpu.milli()) : allocation(1L << best, gpu.milli());
    }
    double growth = after - before + (packing == 0 ? 0 : packing * leftover(node, chosen, cpuFree));
    return new Scored(growthUnit > 0 ? -Math.ceil(growth / growthUnit) : -growth, chosen);
  }

  private static boolean contains(int[] values, int n, int v) {
    for (int i = 0; i < n; i++) {
      if (values[i] == v) {
        return true;
      }
    }
    return false;
  }

  /** The device's model when some shape group requires one; else not read (one load less per device). */
  private String model(List<GpuDevice> devices, int d) {
    return fragmentation.readsModels() ? devices.get(d).model() : null;
  }

  /** One shared instance per device set and milli: scoring runs for every node re-evaluated. */
  private GpuAllocation allocation(long mask, int milli) {
    Long key = mask * 1024 + milli; // milli is 1-1000
    GpuAllocation a = allocations.get(key);
    if (a == null) {
      Integer[] devices = new Integer[Long.bitCount(mask)];
      int n = 0;
      for (long m = mask; m != 0; m &= m - 1) {
        devices[n++] = Long.numberOfTrailingZeros(m);
      }
      a = new GpuAllocation(List.of(devices), milli);
      allocations.put(key, a);
    }
    return a;
  }

  /** The same scoring for nodes with more devices than a mask holds (none in practice). */
  private Scored scoreListed(Demand pod, NodeState node, Current current, long cpuFree, long memFree) {
    int[] free = node.gpuFree();
    List<GpuDevice> devices = node.node().gpus();
    GpuDemand gpu = pod.gpu();
    GpuAllocation chosen;
    double after;
    if (!gpu.isShared()) {
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
    }
    double growth = after - current.value() + (packing == 0 ? 0 : packing * leftover(node, chosen, cpuFree));
    return new Scored(growthUnit > 0 ? -Math.ceil(growth / growthUnit) : -growth, chosen);
  }

  private Current current(NodeState node) {
    long[] part = fragmentation.devicePart(node.gpuFree(), node.node().gpus());
    return new Current(part, fragmentation.measure(node.freeCpuMilli(), node.freeMemory(), part));
  }

  /** Free GPU share plus free cpu share after placement, in [0, 2]. */
  private static double leftover(NodeState node, GpuAllocation chosen, long cpuFree) {
    long cpuAlloc = node.node().allocatable().cpuMilli();
    double cpu = cpuAlloc <= 0 ? 0 : (double) cpuFree / cpuAlloc;
    if (node.gpuCount() == 0) {
      return cpu;
    }
    long left = node.gpuFreeTotal() - (long) chosen.milli() * chosen.devices().size();
    return cpu + (double) left / node.gpuCapacity();
  }
}
