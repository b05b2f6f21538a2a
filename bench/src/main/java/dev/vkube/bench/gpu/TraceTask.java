package dev.vkube.bench.gpu;

import java.util.Set;

/** One row of an openb pod list: a task's request and arrival time (0 when the file has none). */
record TraceTask(String name, long cpuMilli, long memoryMib, int numGpu, int gpuMilli, Set<String> gpuSpec,
    long creationTime) {
  /** Milli-GPUs the task asks for in total. */
  long gpuDemand() {
    if (numGpu == 1 && gpuMilli > 0 && gpuMilli < 1000) {
      return gpuMilli;
    }
    return numGpu * 1000L;
  }

  TraceTask renamed(String newName) {
    return new TraceTask(newName, cpuMilli, memoryMib, numGpu, gpuMilli, gpuSpec, creationTime);
  }
}
