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
  private record Current(int[] part, double value) {}
  private final double packing;
  private final double growthUnit;
  /** Devices a node may have for the allocation to be keyed by a bit mask; larger nodes take the listed path. */
  private static final int MAX_MASKED_DEVICES = 50;
  private static final int SMALL_MASKS = 1 << 8;
  /** Shared allocations of the first 8 devices, by milli and device mask (see {@link #allocation}). */
  private final GpuAllocation[][] bySmallMask = new GpuAllocation[GpuDevice.WHOLE + 1][];
  /** Shared allocations of other device sets, by (device mask, milli). */
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
    long cpuFree = node.freeCpuMilli() - pod.requests().cpuMilli();
    long memFree = node.freeMemory() - pod.requests().memory();
    GpuDemand gpu = pod.gpu();
    if (gpu.none() || node.gpuCount() == 0) {
      return scored(node, current, cpuFree, fragmentation.measure(cpuFree, memFree, current.part()),
          GpuAllocation.NONE);
    }
    if (node.gpuCount() > MAX_MASKED_DEVICES) {
      return scoreListed(pod, node, current, cpuFree, memFree);
    }
    return gpu.isShared() ? scoreShared(gpu, node, current, cpuFree, memFree)
        : scoreWhole(gpu, node, current, cpuFree, memFree);
  }

  /**
   * DevicePicker.wholeDevices' choice (the lowest-numbered usable devices), found without building
   * its list: the allocation is shared per device set, so scoring a node allocates only the part.
   */
  private Scored scoreWhole(GpuDemand gpu, NodeState node, Current current, long cpuFree, long memFree) {
    List<GpuDevice> devices = needsDevices(gpu) ? node.node().gpus() : null;
    int[] part = current.part().clone();
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
    return scored(node, current, cpuFree, fragmentation.measure(cpuFree, memFree, part),
        allocation(mask, gpu.milli()));
  }

  /**
   * The device whose move measures least, the one with least room among equals (best fit). A
   * device with the free milli of one measured before gives that one's measure and cannot win:
   * the best so far is at most as large, and equal only with the same free milli. So each
   * distinct free value is measured once. (When models matter, only the best's free milli is
   * skipped, as before this shortcut.)
   */
  private Scored scoreShared(GpuDemand gpu, NodeState node, Current current, long cpuFree, long memFree) {
    List<GpuDevice> devices = needsDevices(gpu) ? node.node().gpus() : null;
    int best = -1;
    int bestFree = 0;
    double after = Double.MAX_VALUE;
    int[] base = current.part();
    int[] part = new int[base.length];
    int[] measured = new int[node.gpuCount()];
    int distinct = 0;
    boolean byModel = fragmentation.readsModels();
    for (int d = 0; d < node.gpuCount(); d++) {
      int free = node.gpuFree(d);
      boolean seen = byModel ? best >= 0 && free == bestFree : contains(measured, distinct, free);
      if (free < gpu.milli() || !gpu.allows(devices, d) || seen) {
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
    GpuAllocation chosen = best < 0 ? new GpuAllocation(List.of(best), gpu.milli())
        : allocation(1L << best, gpu.milli());
    return scored(node, current, cpuFree, after, chosen);
  }

  /** The score of the growth from the node's current measure to {@code after}. */
  private Scored scored(NodeState node, Current current, long cpuFree, double after, GpuAllocation chosen) {
    double growth = after - current.value() + (packing == 0 ? 0 : packing * leftover(node, chosen, cpuFree));
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

  /** Whether devices' models are read: the pod requires a product or a shape group does. */
  private boolean needsDevices(GpuDemand gpu) {
    return !gpu.models().isEmpty() || fragmentation.readsModels();
  }

  /** The device's model when some shape group requires one; else not read (one load less per device). */
  private String model(List<GpuDevice> devices, int d) {
    return fragmentation.readsModels() ? devices.get(d).model() : null;
  }

  /**
   * One shared instance per device set and milli: scoring runs for every node re-evaluated. Sets
   * of the first 8 devices come from a table indexed by milli and mask (a hash map's lookup was
   * ~12% of the replay's samples); larger ones from the map. Forks on other threads share the
   * scorer: the table's races only build an equal allocation twice, and an allocation's fields are
   * final, so a reader sees it whole.
   */
  private GpuAllocation allocation(long mask, int milli) {
    if (mask < SMALL_MASKS && milli >= 0 && milli < bySmallMask.length) {
      GpuAllocation[] row = bySmallMask[milli];
      if (row == null) {
        row = new GpuAllocation[SMALL_MASKS];
        bySmallMask[milli] = row;
      }
      GpuAllocation a = row[(int) mask];
      if (a == null) {
        a = newAllocation(mask, milli);
        row[(int) mask] = a;
      }
      return a;
    }
    // The mask in the low bits: with the milli there, every whole-GPU key (milli 1000) would fall
    // in one hash bin.
    return allocations.computeIfAbsent(mask | (long) milli << MAX_MASKED_DEVICES, k -> newAllocation(mask, milli));
  }

  private static GpuAllocation newAllocation(long mask, int milli) {
    Integer[] devices = new Integer[Long.bitCount(mask)];
    int n = 0;
    for (long m = mask; m != 0; m &= m - 1) {
      devices[n++] = Long.numberOfTrailingZeros(m);
    }
    return new GpuAllocation(List.of(devices), milli);
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
      int[] part = current.part().clone();
      for (int d : chosen.devices()) {
        fragmentation.moveDevice(part, free[d], free[d] - gpu.milli(), devices.get(d).model());
        free[d] -= gpu.milli();
      }
      after = fragmentation.measure(cpuFree, memFree, part);
    } else {
      int best = -1;
      after = Double.MAX_VALUE;
      int[] part = new int[current.part().length];
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
    return scored(node, current, cpuFree, after, chosen);
  }

  private Current current(NodeState node) {
    int[] part = fragmentation.devicePart(node.gpuFree(), node.node().gpus());
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
