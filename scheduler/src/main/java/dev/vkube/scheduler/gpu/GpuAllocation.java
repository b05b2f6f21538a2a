package dev.vkube.scheduler.gpu;

import java.util.List;

/** The devices (indexes into the node's GPU list) a placed pod holds, {@code milli} on each. */
public record GpuAllocation(List<Integer> devices, int milli) {
  public static final GpuAllocation NONE = new GpuAllocation(List.of(), 0);

  public GpuAllocation {
    devices = List.copyOf(devices);
  }

  public boolean none() {
    return devices.isEmpty();
  }
}
