package dev.vkube.scheduler.score;

import dev.vkube.scheduler.gpu.DevicePicker;
import dev.vkube.scheduler.gpu.GpuDemand;
import dev.vkube.scheduler.model.Resources;
import dev.vkube.scheduler.snapshot.Demand;
import dev.vkube.scheduler.snapshot.NodeState;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.util.Map;

/**
 * Upstream's NodeResourcesFit score: per weighted resource a 0-100 score of the node's requests
 * including this pod, combined as Σ(score × weight) / Σweight. Resources the node has none of are
 * skipped, weight included (resource_allocation.go). cpu and memory use non-zero requests as
 * upstream. GPUs on nodes with devices are counted in milli-units so shared requests weigh in.
 */
public final class ResourceAllocationScorer implements Scorer {
  private final AllocationShape shape;
  private final ResourceWeights weights;

  public ResourceAllocationScorer(AllocationShape shape, ResourceWeights weights) {
    this.shape = shape;
    this.weights = weights;
  }

  @Override
  public NodeScorer prepare(Demand pod, Snapshot snapshot) {
    boolean tight = shape != AllocationShape.LEAST_ALLOCATED;
    return node -> new Scored(score(pod, node), DevicePicker.pick(pod.gpu(), node, tight));
  }

  public double score(Demand pod, NodeState node) {
    Resources want = pod.requests();
    Resources alloc = node.node().allocatable();
    long[] sums = new long[2];
    add(sums, Resources.CPU, node.nonZeroCpu() + nonZero(want.cpuMilli(), NodeState.DEFAULT_CPU_MILLI),
        alloc.cpuMilli());
    add(sums, Resources.MEMORY, node.nonZeroMemory() + nonZero(want.memory(), NodeState.DEFAULT_MEMORY),
        alloc.memory());
    boolean devices = node.gpuCount() > 0;
    for (Map.Entry<String, Long> e : alloc.extended().entrySet()) {
      String name = e.getKey();
      if (!(devices && name.equals(GpuDemand.WHOLE_RESOURCE))) {
        add(sums, name, node.requested().get(name) + want.get(name), e.getValue());
      }
    }
    if (devices) {
      long total = 0;
      for (var g : node.node().gpus()) {
        total += g.milli();
      }
      add(sums, GpuDemand.WHOLE_RESOURCE, total - node.gpuFreeTotal() + pod.gpu().totalMilli(), total);
    }
    return sums[1] == 0 ? 0 : shape.combine(sums[0], sums[1]);
  }

  private void add(long[] sums, String name, long requested, long allocatable) {
    int w = weights.weight(name);
    if (w == 0 || allocatable <= 0) {
      return;
    }
    sums[0] += shape.resourceScore(requested, allocatable) * w;
    sums[1] += w;
  }

  private static long nonZero(long v, long dflt) {
    return v == 0 ? dflt : v;
  }
}
