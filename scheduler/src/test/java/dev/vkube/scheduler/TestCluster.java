package dev.vkube.scheduler;

import dev.vkube.scheduler.gpu.GpuDemand;
import dev.vkube.scheduler.model.GpuDevice;
import dev.vkube.scheduler.model.Node;
import dev.vkube.scheduler.model.Pod;
import dev.vkube.scheduler.model.Resources;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Builders for the nodes and pods the tests arrange. */
final class TestCluster {
  static final long GI = 1024L * 1024 * 1024;

  private TestCluster() {}

  static Node cpuNode(String name, long cpuMilli, long memory) {
    return Node.of(name, Resources.of(Map.of(Resources.CPU, cpuMilli, Resources.MEMORY, memory, Resources.PODS, 110L)));
  }

  static Node gpuNode(String name, long cpuMilli, long memory, int gpus, String model) {
    var alloc = new TreeMap<String, Long>(Map.of(Resources.CPU, cpuMilli, Resources.MEMORY, memory,
        Resources.PODS, 110L, GpuDemand.WHOLE_RESOURCE, (long) gpus));
    return new Node(name, Map.of(GpuDemand.PRODUCT_LABEL, model), List.of(), false, Resources.of(alloc),
        Collections.nCopies(gpus, GpuDevice.of(model)));
  }

  static Pod pod(String name, long cpuMilli, long memory) {
    return Pod.of("default", name, Resources.of(Resources.CPU, cpuMilli, Resources.MEMORY, memory));
  }

  static Pod gpuPod(String name, long cpuMilli, long memory, int gpus) {
    return Pod.of("default", name,
        Resources.of(Resources.CPU, cpuMilli, Resources.MEMORY, memory, GpuDemand.WHOLE_RESOURCE, gpus));
  }

  static Pod sharedPod(String name, long cpuMilli, long memory, int milli) {
    return Pod.of("default", name,
        Resources.of(Resources.CPU, cpuMilli, Resources.MEMORY, memory, GpuDemand.SHARED_RESOURCE, milli));
  }

  static Scheduler mostAllocated() {
    return new Scheduler(Profile.mostAllocated(dev.vkube.scheduler.score.ResourceWeights.DEFAULT),
        new SplittableRandom(42));
  }
}
