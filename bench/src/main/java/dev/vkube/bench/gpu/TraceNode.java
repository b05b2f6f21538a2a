package dev.vkube.bench.gpu;

/** One row of an openb node list. */
record TraceNode(String name, long cpuMilli, long memoryMib, int gpus, String model) {}
