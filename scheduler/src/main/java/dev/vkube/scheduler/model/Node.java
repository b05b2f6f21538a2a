package dev.vkube.scheduler.model;

import java.util.List;
import java.util.Map;

/**
 * A node as the scheduler sees it. When {@code gpus} is not empty the devices, not the
 * {@code nvidia.com/gpu} count in allocatable, decide GPU fit (the device plugin advertises one
 * unit per healthy device, so the two agree on a real node).
 */
public record Node(String name, Map<String, String> labels, List<Taint> taints, boolean unschedulable,
    Resources allocatable, List<GpuDevice> gpus) {
  public Node {
    labels = Map.copyOf(labels);
    taints = List.copyOf(taints);
    gpus = List.copyOf(gpus);
  }

  public static Node of(String name, Resources allocatable) {
    return new Node(name, Map.of(), List.of(), false, allocatable, List.of());
  }

  public Node withLabels(Map<String, String> v) {
    return new Node(name, v, taints, unschedulable, allocatable, gpus);
  }

  public Node withTaints(List<Taint> v) {
    return new Node(name, labels, v, unschedulable, allocatable, gpus);
  }

  public Node withUnschedulable(boolean v) {
    return new Node(name, labels, taints, v, allocatable, gpus);
  }

  public Node withGpus(List<GpuDevice> v) {
    return new Node(name, labels, taints, unschedulable, allocatable, v);
  }
}
