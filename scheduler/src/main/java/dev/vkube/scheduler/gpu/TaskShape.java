package dev.vkube.scheduler.gpu;

import java.util.Set;

/** One kind of task in a workload: its cpu, memory and GPU request and its share of the workload. */
public record TaskShape(long cpuMilli, long memory, int gpuCount, int gpuMilli, Set<String> models, double weight) {
  public TaskShape {
    models = Set.copyOf(models);
  }
}
