package dev.vkube.scheduler.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.scheduler.filter.GpuDeviceFilter;
import dev.vkube.scheduler.model.GpuDevice;
import dev.vkube.scheduler.model.Node;
import dev.vkube.scheduler.model.NodeSelectorTerm;
import dev.vkube.scheduler.model.Pod;
import dev.vkube.scheduler.model.Requirement;
import dev.vkube.scheduler.model.Resources;
import dev.vkube.scheduler.score.Scored;
import dev.vkube.scheduler.snapshot.Demand;
import dev.vkube.scheduler.snapshot.NodeState;
import dev.vkube.scheduler.snapshot.PlacedPod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scorer's shortcuts (devices found without lists, allocations shared by device mask, each
 * distinct free milli measured once, free amounts read from the node state) give the same score
 * and devices, to the bit, as the straightforward scoring it replaced, which is kept here as the
 * reference: measure every device set over all devices and pick as DevicePicker does. Random
 * workloads, node states (up to 12 devices, mixed models) and pods (with and without a product).
 */
class FragmentationScorerReferenceTest {
  private static final String[] MODELS = {"A10", "T4", "V100"};
  private static final int[] MILLI = {100, 250, 300, 460, 500, 750, 1000};
  private static final long GI = 1L << 30;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 4711})
  void scoresAndDevicesEqualTheReference(long seed) {
    var random = new SplittableRandom(seed);
    int shared = 0;
    int whole = 0;
    for (int round = 0; round < 20; round++) {
      WorkloadProfile workload = workload(random, random.nextBoolean());
      boolean depth = random.nextBoolean();
      double packing = random.nextBoolean() ? 0 : 20;
      double unit = random.nextBoolean() ? 0 : 300;
      var scorer = new FragmentationScorer(workload, packing, depth, unit);
      var fragmentation = new Fragmentation(workload, depth);
      for (int i = 0; i < 400; i++) {
        NodeState node = nodeState(random);
        Demand pod = Demand.of(pod(random));
        if (GpuDeviceFilter.usableDevices(pod.gpu(), node) < pod.gpu().count() && node.gpuCount() > 0) {
          continue;
        }
        Scored expected = reference(fragmentation, packing, unit, pod, node);
        Scored actual = scorer.prepare(pod, null).score(node);
        assertEquals(Double.doubleToLongBits(expected.score()), Double.doubleToLongBits(actual.score()),
            () -> node.node() + " free=" + java.util.Arrays.toString(node.gpuFree()) + " pod=" + pod.gpu());
        assertEquals(expected.gpus(), actual.gpus());
        shared += pod.gpu().isShared() ? 1 : 0;
        whole += !pod.gpu().none() && !pod.gpu().isShared() ? 1 : 0;
      }
    }
    assertTrue(shared > 500 && whole > 500, "shared " + shared + " whole " + whole);
  }

  /** The scoring before the shortcuts (FragmentationScorer at commit 35a3ea2, measured directly). */
  private static Scored reference(Fragmentation f, double packing, double unit, Demand pod, NodeState node) {
    Resources alloc = node.node().allocatable();
    List<GpuDevice> devices = node.node().gpus();
    double before = f.measure(alloc.cpuMilli() - node.requested().cpuMilli(),
        alloc.memory() - node.requested().memory(), node.gpuFree(), devices);
    long cpuFree = alloc.cpuMilli() - node.requested().cpuMilli() - pod.requests().cpuMilli();
    long memFree = alloc.memory() - node.requested().memory() - pod.requests().memory();
    int[] free = node.gpuFree();
    GpuDemand gpu = pod.gpu();
    GpuAllocation chosen = GpuAllocation.NONE;
    double after;
    if (gpu.none() || node.gpuCount() == 0) {
      after = f.measure(cpuFree, memFree, free, devices);
    } else if (!gpu.isShared()) {
      chosen = new GpuAllocation(DevicePicker.wholeDevices(gpu, node), gpu.milli());
      for (int d : chosen.devices()) {
        free[d] -= gpu.milli();
      }
      after = f.measure(cpuFree, memFree, free, devices);
    } else {
      int best = -1;
      after = Double.MAX_VALUE;
      for (int d = 0; d < free.length; d++) {
        if (!DevicePicker.usable(gpu, node, d) || (best >= 0 && free[d] == free[best])) {
          continue;
        }
        int[] moved = free.clone();
        moved[d] -= gpu.milli();
        double m = f.measure(cpuFree, memFree, moved, devices);
        if (m < after || (m == after && free[d] < free[best])) {
          after = m;
          best = d;
        }
      }
      chosen = new GpuAllocation(List.of(best), gpu.milli());
      free[best] -= gpu.milli();
    }
    double growth = after - before + (packing == 0 ? 0 : packing * leftover(node, free, cpuFree));
    return new Scored(unit > 0 ? -Math.ceil(growth / unit) : -growth, chosen);
  }

  private static double leftover(NodeState node, int[] free, long cpuFree) {
    long cpuAlloc = node.node().allocatable().cpuMilli();
    double cpu = cpuAlloc <= 0 ? 0 : (double) cpuFree / cpuAlloc;
    if (node.gpuCount() == 0) {
      return cpu;
    }
    long left = 0;
    for (int v : free) {
      left += v;
    }
    return cpu + (double) left / node.gpuCapacity();
  }

  private static NodeState nodeState(SplittableRandom random) {
    int n = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(random.nextInt(5) == 0 ? 12 : 8);
    var devices = new ArrayList<GpuDevice>(n);
    boolean mixed = random.nextBoolean();
    String model = MODELS[random.nextInt(MODELS.length)];
    for (int d = 0; d < n; d++) {
      devices.add(GpuDevice.of(mixed ? MODELS[random.nextInt(MODELS.length)] : model));
    }
    var alloc = new TreeMap<String, Long>(Map.of(Resources.CPU, 8000L * (1 + random.nextInt(8)),
        Resources.MEMORY, 16 * GI * (1 + random.nextInt(8)), Resources.PODS, 110L));
    var node = new Node("n", Map.of(GpuDemand.PRODUCT_LABEL, model), List.of(), false, Resources.of(alloc), devices);
    NodeState state = NodeState.empty(node);
    for (int k = random.nextInt(2 * n + 2); k > 0; k--) {
      int d = n == 0 ? -1 : random.nextInt(n);
      int take = d < 0 || state.gpuFree(d) == 0 ? 0 : 1 + random.nextInt(state.gpuFree(d));
      var requests = Resources.of(Resources.CPU, 1000L * random.nextInt(8), Resources.MEMORY, GI * random.nextInt(16));
      var placed = Pod.of("default", "p" + k, requests);
      state = state.withPod(new PlacedPod(Demand.of(placed), "n",
          take == 0 ? GpuAllocation.NONE : new GpuAllocation(List.of(d), take)));
    }
    return state;
  }

  private static Pod pod(SplittableRandom random) {
    var req = new HashMap<String, Long>(Map.of(Resources.CPU, 1000L * random.nextInt(8),
        Resources.MEMORY, GI * random.nextInt(16)));
    switch (random.nextInt(3)) {
      case 0 -> req.put(GpuDemand.WHOLE_RESOURCE, 1L + random.nextInt(4));
      case 1 -> req.put(GpuDemand.SHARED_RESOURCE, (long) MILLI[random.nextInt(MILLI.length - 1)]);
      default -> { }
    }
    Pod p = Pod.of("default", "pod", Resources.of(req));
    if (random.nextInt(4) == 0) {
      p = p.withRequiredNodeAffinity(List.of(NodeSelectorTerm.of(
          Requirement.in(GpuDemand.PRODUCT_LABEL, MODELS[random.nextInt(MODELS.length)]))));
    }
    return p;
  }

  private static WorkloadProfile workload(SplittableRandom random, boolean modelRestricted) {
    var shapes = new ArrayList<TaskShape>();
    int n = 3 + random.nextInt(20);
    for (int i = 0; i < n; i++) {
      int kind = random.nextInt(3);
      int count = kind == 0 ? 0 : kind == 1 ? 1 + random.nextInt(4) : 1;
      int milli = kind == 0 ? 0 : kind == 1 ? 1000 : MILLI[random.nextInt(MILLI.length - 1)];
      Set<String> models = modelRestricted && kind != 0 && random.nextBoolean()
          ? Set.of(MODELS[random.nextInt(MODELS.length)]) : Set.of();
      shapes.add(new TaskShape(1000L * random.nextInt(8), GI * random.nextInt(8), count, milli, models,
          random.nextDouble()));
    }
    return new WorkloadProfile(shapes);
  }
}
