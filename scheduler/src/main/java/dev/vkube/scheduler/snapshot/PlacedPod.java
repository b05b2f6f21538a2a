package dev.vkube.scheduler.snapshot;

import dev.vkube.scheduler.gpu.GpuAllocation;
import dev.vkube.scheduler.model.Pod;

/** A pod bound (or assumed) to a node, with the GPU devices it holds. */
public record PlacedPod(Demand demand, String nodeName, GpuAllocation gpus) {
  public Pod pod() {
    return demand.pod();
  }
}
