package dev.vkube.scheduler.filter;

import dev.vkube.scheduler.gpu.GpuDemand;
import dev.vkube.scheduler.snapshot.Demand;
import dev.vkube.scheduler.snapshot.NodeState;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.util.List;

/**
 * GPU devices: whole GPUs need that many entirely free devices, a shared request needs one device
 * with that many milli-units free, and a required product restricts which devices count. The
 * reason reuses the resource-fit text so users see the familiar {@code Insufficient nvidia.com/gpu}.
 */
public final class GpuDeviceFilter implements Filter {
  static final List<String> REASON = List.of("Insufficient " + GpuDemand.WHOLE_RESOURCE);

  @Override
  public NodeCheck prepare(Demand pod, Snapshot snapshot) {
    GpuDemand gpu = pod.gpu();
    if (gpu.none()) {
      return NodeCheck.ALWAYS;
    }
    return node -> fits(gpu, node) ? NodeCheck.PASS : REASON;
  }

  static boolean fits(GpuDemand gpu, NodeState node) {
    if (node.gpuCount() == 0) {
      return !gpu.isShared(); // whole GPUs on a device-less node: counted by ResourceFitFilter
    }
    return usableDevices(gpu, node) >= gpu.count();
  }

  public static int usableDevices(GpuDemand gpu, NodeState node) {
    int n = 0;
    for (int d = 0; d < node.gpuCount(); d++) {
      // The device list is loaded only when a product is required.
      if (node.gpuFree(d) >= gpu.milli() && (gpu.models().isEmpty() || gpu.allows(node.node().gpus(), d))) {
        n++;
      }
    }
    return n;
  }
}
