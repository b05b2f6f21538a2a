package dev.vkube.scheduler.gpu;

import dev.vkube.scheduler.snapshot.NodeState;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses devices on a node that passed {@code GpuDeviceFilter}. Whole GPUs: the lowest-numbered
 * free devices (any free device is as good as another). A shared request: the device with the
 * least ({@code tight}) or most room that still fits, lowest index on ties.
 */
public final class DevicePicker {
  private DevicePicker() {}

  public static GpuAllocation pick(GpuDemand gpu, NodeState node, boolean tight) {
    if (gpu.none() || node.gpuCount() == 0) {
      return GpuAllocation.NONE;
    }
    if (!gpu.isShared()) {
      return new GpuAllocation(wholeDevices(gpu, node), gpu.milli());
    }
    int best = -1;
    for (int d = 0; d < node.gpuCount(); d++) {
      if (usable(gpu, node, d) && (best < 0 || better(node.gpuFree(d), node.gpuFree(best), tight))) {
        best = d;
      }
    }
    return best < 0 ? GpuAllocation.NONE : new GpuAllocation(List.of(best), gpu.milli());
  }

  static List<Integer> wholeDevices(GpuDemand gpu, NodeState node) {
    var out = new ArrayList<Integer>(gpu.count());
    for (int d = 0; d < node.gpuCount() && out.size() < gpu.count(); d++) {
      if (usable(gpu, node, d)) {
        out.add(d);
      }
    }
    return out;
  }

  static boolean usable(GpuDemand gpu, NodeState node, int d) {
    return node.gpuFree(d) >= gpu.milli() && gpu.allows(node.node().gpus().get(d).model());
  }

  private static boolean better(int free, int incumbent, boolean tight) {
    return tight ? free < incumbent : free > incumbent;
  }
}
