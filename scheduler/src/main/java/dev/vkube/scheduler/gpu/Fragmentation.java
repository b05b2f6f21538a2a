package dev.vkube.scheduler.gpu;

import dev.vkube.scheduler.model.GpuDevice;
import dev.vkube.scheduler.model.Resources;
import dev.vkube.scheduler.snapshot.NodeState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expected GPU fragmentation of a node against a workload (FGD paper §4.1): for each task shape,
 * the free milli-GPUs that shape could not use there, weighted by the shape's share. A shape that
 * does not fit at all cannot use any free GPU; one that fits cannot use devices with less free
 * than it asks per device; a cpu-only shape uses no GPU.
 *
 * <p>Unlike the paper, "fits" checks memory as well as cpu: on the Alibaba trace, GPU nodes run
 * out of memory before GPUs often enough that a cpu-only measure strands GPUs it cannot see.
 *
 * <p>Shapes are grouped by their GPU part so one pass over the devices serves every cpu and
 * memory size; within a group shapes are sorted by cpu so the scan stops at the first that cannot
 * fit. This keeps a node's measure to a few hundred operations.
 */
public final class Fragmentation {
  /** Free milli-units up to which the reciprocal quotient is exact for any milli ≤ this. */
  private static final int MAX_EXACT = 65535;
  /** Longs below this are exact as doubles. */
  private static final long EXACT_DOUBLE = 1L << 53;
  private final double cpuOnlyWeight;
  private final Group[] groups;
  /** Indexes of {@link #groups} by ascending milli: a device's scan stops at the first it cannot serve. */
  private final int[] byMilli;
  private final boolean depth;
  /** Whether some group requires a GPU model; when none does, callers need not read device models. */
  private final boolean readsModels;

  /**
   * {@code reciprocal} = floor(2^32 / milli) + 1: {@code (free × reciprocal) >>> 32} equals
   * {@code free / milli} exactly while free × milli < 2^32 (free and milli are at most a device's
   * milli-units), and a multiply is several times cheaper than the division it replaces in the
   * innermost loop (devices × shape groups, for every node re-evaluated).
   */
  private record Group(int count, int milli, long reciprocal, Set<String> models, long[] cpu, long[] memory,
      double[] weight, double total) {}

  public Fragmentation(WorkloadProfile profile, boolean depth) {
    this.depth = depth;
    Map<List<Object>, List<TaskShape>> byGpu = new LinkedHashMap<>();
    double cpuOnly = 0;
    for (TaskShape s : profile.shapes()) {
      if (s.gpuCount() == 0) {
        cpuOnly += s.weight();
      } else {
        byGpu.computeIfAbsent(List.of(s.gpuCount(), s.gpuMilli(), s.models()), k -> new ArrayList<>()).add(s);
      }
    }
    cpuOnlyWeight = cpuOnly;
    var out = new ArrayList<Group>();
    for (List<TaskShape> shapes : byGpu.values()) {
      shapes.sort(Comparator.comparingLong(TaskShape::cpuMilli));
      TaskShape first = shapes.get(0);
      out.add(new Group(first.gpuCount(), first.gpuMilli(), reciprocal(first.gpuMilli()), first.models(),
          shapes.stream().mapToLong(TaskShape::cpuMilli).toArray(),
          shapes.stream().mapToLong(TaskShape::memory).toArray(),
          shapes.stream().mapToDouble(TaskShape::weight).toArray(),
          shapes.stream().mapToDouble(TaskShape::weight).sum()));
    }
    groups = out.toArray(Group[]::new);
    readsModels = out.stream().anyMatch(g -> !g.models().isEmpty());
    byMilli = java.util.stream.IntStream.range(0, groups.length).boxed()
        .sorted(Comparator.comparingInt(i -> groups[i].milli())).mapToInt(Integer::intValue).toArray();
  }

  /** Whether {@link #moveDevice} reads its model argument (else it may be null). */
  boolean readsModels() {
    return readsModels;
  }

  public double of(NodeState node) {
    Resources alloc = node.node().allocatable();
    return measure(alloc.cpuMilli() - node.requested().cpuMilli(), alloc.memory() - node.requested().memory(),
        node.gpuFree(), node.node().gpus());
  }

  static long reciprocal(int milli) {
    return milli > 0 && milli <= MAX_EXACT ? (1L << 32) / milli + 1 : 0;
  }

  /** {@code free / milli}, by the reciprocal when that is exact (see {@link Group}). */
  static int quotient(int free, int milli, long reciprocal) {
    return reciprocal != 0 && free >= 0 && free <= MAX_EXACT ? (int) ((free * reciprocal) >>> 32) : free / milli;
  }

  /** The measure for a hypothetical state: {@code free} milli per device, cpu and memory free. */
  public double measure(long cpuFree, long memoryFree, int[] free, List<GpuDevice> devices) {
    return measure(cpuFree, memoryFree, devicePart(free, devices));
  }

  /**
   * What the devices offer each shape group, independent of cpu and memory: {@code [total free,
   * then per group: Σ free / milli, usable milli, devices with room]}. Every entry is a sum over
   * devices of a term reading only that device's free milli-units and model, so a placement that
   * changes a few devices updates it exactly by {@link #moveDevice} instead of a pass over every
   * device for every group. Ints, not longs: half the cache lines per node re-evaluated, and a
   * node would need two million GPUs to overflow them.
   */
  int[] devicePart(int[] free, List<GpuDevice> devices) {
    int[] part = new int[1 + 3 * groups.length];
    for (int d = 0; d < free.length; d++) {
      addDevice(part, free[d], devices.get(d).model(), 1);
    }
    return part;
  }

  /** Adjusts {@code part} for one device going from {@code before} to {@code after} free milli. */
  void moveDevice(int[] part, int before, int after, String model) {
    addDevice(part, before, model, -1);
    addDevice(part, after, model, 1);
  }

  private void addDevice(int[] part, int free, String model, int sign) {
    // Integer sums only, so the order of the groups here does not change any value.
    part[0] += sign * free;
    for (int i : byMilli) {
      Group g = groups[i];
      if (free < g.milli) {
        return;
      }
      if (g.models.isEmpty() || g.models.contains(model)) {
        part[1 + 3 * i] += sign * quotient(free, g.milli, g.reciprocal);
        part[2 + 3 * i] += sign * free;
        part[3 + 3 * i] += sign;
      }
    }
  }

  /** The measure from the devices' part and the free cpu and memory. */
  double measure(long cpuFree, long memoryFree, int[] part) {
    long total = part[0];
    if (total == 0) {
      return 0;
    }
    double frag = cpuOnlyWeight * total;
    for (int i = 0; i < groups.length; i++) {
      Group g = groups[i];
      int copies = g.count > 1 ? part[3 + 3 * i] / g.count : part[1 + 3 * i];
      if (copies == 0) {
        frag += g.total * total;
        continue;
      }
      frag += g.total * total - usableWeight(g, cpuFree, memoryFree, copies) * part[2 + 3 * i];
    }
    return frag;
  }

  /**
   * Σ weight × the share of the GPU-usable capacity each shape can reach before cpu or memory
   * runs out: 1 when the node has cpu and memory for as many copies as its devices take, 0 when
   * not for one. The paper's measure is the 0/1 version of this (it checks one copy); counting
   * copies keeps cpu-hungry tasks from being promised GPUs the node's cpu cannot feed.
   */
  private double usableWeight(Group g, long cpuFree, long memoryFree, int copies) {
    double w = 0;
    for (int i = 0; i < g.cpu.length && g.cpu[i] <= cpuFree; i++) {
      long cpu = g.cpu[i];
      long memory = g.memory[i];
      if (memory > memoryFree) {
        continue;
      }
      boolean cpuShort = cpu * copies > cpuFree;
      boolean memoryShort = memory * copies > memoryFree;
      if (!depth || (!cpuShort && !memoryShort)) {
        w += g.weight[i];
        continue;
      }
      // k = min(copies, free cpu / cpu, free memory / memory): a quotient is below copies only
      // for a resource that is short, so only those are divided (this line ran ~12 million times
      // per seed of the trace replay, and 64-bit divisions were a large part of its cost).
      long k = cpuShort ? floorQuotient(cpuFree, cpu) : copies;
      if (memoryShort) {
        k = Math.min(k, floorQuotient(memoryFree, memory));
      }
      w += g.weight[i] * k / copies;
    }
    return w;
  }

  /**
   * {@code dividend / divisor} for {@code dividend >= 0, divisor > 0}, through a double division
   * (several times faster than a 64-bit integer division) and one exact correction: while both
   * are below 2^53 they are exact doubles and the rounded quotient is within 1 of the true one.
   */
  static long floorQuotient(long dividend, long divisor) {
    if (dividend >= EXACT_DOUBLE || divisor >= EXACT_DOUBLE) {
      return dividend / divisor;
    }
    long q = (long) ((double) dividend / (double) divisor);
    if (q * divisor > dividend) {
      q--;
    } else if ((q + 1) * divisor <= dividend) {
      q++;
    }
    return q;
  }



}
