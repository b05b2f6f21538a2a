package dev.vkube.scheduler.filter;

import dev.vkube.scheduler.model.Taint;
import dev.vkube.scheduler.model.TaintEffect;
import dev.vkube.scheduler.model.Toleration;
import dev.vkube.scheduler.snapshot.Demand;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.util.List;

/**
 * Cordoned nodes take only pods tolerating node.kubernetes.io/unschedulable:NoSchedule
 * (upstream plugins/nodeunschedulable).
 */
public final class NodeUnschedulableFilter implements Filter {
  static final List<String> REASON = List.of("node(s) were unschedulable");
  private static final Taint CORDON = new Taint("node.kubernetes.io/unschedulable", "", TaintEffect.NO_SCHEDULE);

  @Override
  public NodeCheck prepare(Demand pod, Snapshot snapshot) {
    for (Toleration t : pod.pod().tolerations()) {
      if (t.tolerates(CORDON)) {
        return NodeCheck.ALWAYS;
      }
    }
    return node -> node.unschedulable() ? REASON : NodeCheck.PASS;
  }
}
