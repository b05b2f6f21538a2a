package dev.vkube.scheduler.filter;

import dev.vkube.scheduler.gpu.GpuDemand;
import dev.vkube.scheduler.model.Resources;
import dev.vkube.scheduler.snapshot.Demand;
import dev.vkube.scheduler.snapshot.NodeState;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Effective requests must fit in allocatable minus what placed pods request, per resource, with
 * every shortfall reported (upstream plugins/noderesources/fit.go fitsRequest). GPU requests on
 * nodes that list devices are left to {@link GpuDeviceFilter}, which counts devices instead.
 */
public final class ResourceFitFilter implements Filter {
  static final String TOO_MANY_PODS = "Too many pods";
  static final String NO_CPU = "Insufficient " + Resources.CPU;
  static final String NO_MEMORY = "Insufficient " + Resources.MEMORY;
  static final String NO_STORAGE = "Insufficient " + Resources.EPHEMERAL_STORAGE;
  /** Reason texts per extended resource name, built once rather than per node and pod. */
  private static final Map<String, String> INSUFFICIENT = new ConcurrentHashMap<>();

  @Override
  public NodeCheck prepare(Demand pod, Snapshot snapshot) {
    Resources want = pod.requests();
    return node -> check(want, node);
  }

  static List<String> check(Resources want, NodeState node) {
    // The node's free amounts are fields of its state (no Resources objects to load per node).
    List<String> reasons = null;
    if (node.freePods() < 1) {
      reasons = add(reasons, TOO_MANY_PODS);
    }
    if (want.cpuMilli() > 0 && want.cpuMilli() > node.freeCpuMilli()) {
      reasons = add(reasons, NO_CPU);
    }
    if (want.memory() > 0 && want.memory() > node.freeMemory()) {
      reasons = add(reasons, NO_MEMORY);
    }
    if (want.ephemeralStorage() > 0 && want.ephemeralStorage() > node.freeEphemeralStorage()) {
      reasons = add(reasons, NO_STORAGE);
    }
    for (Map.Entry<String, Long> e : want.extended().entrySet()) {
      String name = e.getKey();
      if (deviceManaged(name, node)) {
        continue;
      }
      if (e.getValue() > node.node().allocatable().get(name) - node.requested().get(name)) {
        reasons = add(reasons, INSUFFICIENT.computeIfAbsent(name, n -> "Insufficient " + n));
      }
    }
    return reasons == null ? NodeCheck.PASS : reasons;
  }

  private static boolean deviceManaged(String name, NodeState node) {
    return name.equals(GpuDemand.SHARED_RESOURCE) || (name.equals(GpuDemand.WHOLE_RESOURCE) && node.gpuCount() > 0);
  }

  private static List<String> add(List<String> reasons, String reason) {
    List<String> out = reasons == null ? new ArrayList<>(2) : reasons;
    out.add(reason);
    return out;
  }
}
