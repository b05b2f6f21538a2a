package dev.vkube.scheduler.gpu;

import dev.vkube.scheduler.snapshot.NodeState;
import java.util.Arrays;
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

  public static List<Integer> wholeDevices(GpuDemand gpu, NodeState node) {
    // An immutable list from the start: GpuAllocation keeps it without copying (List.copyOf), and
    // scoring builds one per node re-evaluated.
    Integer[] out = new Integer[gpu.count()];
    int n = 0;
    for (int d = 0; d < node.gpuCount() && n < out.length; d++) {
      if (usable(gpu, node, d)) {
        out[n++] = d;
      }
    }
    return List.of(n == out.length ? out : Arrays.copyOf(out, n));
  }

  public static boolean usable(GpuDemand gpu, NodeState node, int d) {
    return node.gpuFree(d) >= gpu.milli() && (gpu.models().isEmpty() || gpu.allows(node.node().gpus(), d));
  }

  private static boolean better(int free, int incumbent, boolean tight) {
    return tight ? free < incumbent : free > incumbent;
  }
}
