package dev.vkube.bench.gpu;

import dev.vkube.scheduler.gpu.GpuDemand;
import dev.vkube.scheduler.model.GpuDevice;
import dev.vkube.scheduler.model.Node;
import dev.vkube.scheduler.model.NodeSelectorTerm;
import dev.vkube.scheduler.model.Pod;
import dev.vkube.scheduler.model.Requirement;
import dev.vkube.scheduler.model.Resources;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps trace rows to the scheduler's model as the data README says: {@code num_gpu} whole GPUs as
 * {@code nvidia.com/gpu}, a {@code gpu_milli} share of one GPU as a shared request, and
 * {@code gpu_spec} as required node affinity on the GPU product label.
 */
final class TraceCluster {
  /** kubelet's default maxPods; the trace's nodes never come close. */
  static final long MAX_PODS = 110;
  private static final long MIB = 1024L * 1024;

  private TraceCluster() {}

  static Node node(TraceNode n) {
    var alloc = new TreeMap<String, Long>(Map.of(Resources.CPU, n.cpuMilli(), Resources.MEMORY, n.memoryMib() * MIB,
        Resources.PODS, MAX_PODS));
    if (n.gpus() > 0) {
      alloc.put(GpuDemand.WHOLE_RESOURCE, (long) n.gpus());
    }
    var labels = n.gpus() > 0 ? Map.of(GpuDemand.PRODUCT_LABEL, n.model()) : Map.<String, String>of();
    List<GpuDevice> devices = Collections.nCopies(n.gpus(), GpuDevice.of(n.model()));
    return new Node(n.name(), labels, List.of(), false, Resources.of(alloc), devices);
  }

  static Pod pod(TraceTask t) {
    var req = new TreeMap<String, Long>(Map.of(Resources.CPU, t.cpuMilli(), Resources.MEMORY, t.memoryMib() * MIB));
    if (t.numGpu() == 1 && t.gpuMilli() > 0 && t.gpuMilli() < GpuDevice.WHOLE) {
      req.put(GpuDemand.SHARED_RESOURCE, (long) t.gpuMilli());
    } else if (t.numGpu() > 0) {
      req.put(GpuDemand.WHOLE_RESOURCE, (long) t.numGpu());
    }
    Pod pod = Pod.of("trace", t.name(), Resources.of(req));
    if (t.gpuSpec().isEmpty()) {
      return pod;
    }
    var term = NodeSelectorTerm.of(new Requirement(GpuDemand.PRODUCT_LABEL, Requirement.Operator.IN,
        new ArrayList<>(t.gpuSpec())));
    return pod.withRequiredNodeAffinity(List.of(term));
  }
}
