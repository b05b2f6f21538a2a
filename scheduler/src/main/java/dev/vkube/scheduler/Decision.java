package dev.vkube.scheduler;

import dev.vkube.scheduler.gpu.GpuAllocation;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of scheduling one pod. When placed, {@code node} and {@code gpus} say where; when
 * not, {@code reason} is the PodScheduled condition reason ({@code Unschedulable} or
 * {@code SchedulingGated}), {@code message} its upstream-shaped message and {@code nodeReasons}
 * why each node was rejected.
 */
public record Decision(String podKey, Optional<String> node, GpuAllocation gpus, double score, String reason,
    String message, Map<String, List<String>> nodeReasons) {
  public static final String UNSCHEDULABLE = "Unschedulable";
  public static final String SCHEDULING_GATED = "SchedulingGated";

  public Decision {
    // A view, not a copy: the scheduler hands over a fresh map per decision, often of every node.
    nodeReasons = Collections.unmodifiableMap(nodeReasons);
  }

  static Decision placed(String podKey, String node, GpuAllocation gpus, double score) {
    return new Decision(podKey, Optional.of(node), gpus, score, "", "", Map.of());
  }

  public boolean isPlaced() {
    return node.isPresent();
  }
}
