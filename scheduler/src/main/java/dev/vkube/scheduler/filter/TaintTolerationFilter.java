package dev.vkube.scheduler.filter;

import dev.vkube.scheduler.model.Taint;
import dev.vkube.scheduler.model.Toleration;
import dev.vkube.scheduler.snapshot.Demand;
import dev.vkube.scheduler.snapshot.NodeState;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.util.List;

/**
 * NoSchedule and NoExecute taints must be tolerated; the reason names the first untolerated one,
 * as upstream plugins/tainttoleration does since 1.26.
 */
public final class TaintTolerationFilter implements Filter {
  @Override
  public NodeCheck prepare(Demand pod, Snapshot snapshot) {
    List<Toleration> tolerations = pod.pod().tolerations();
    return node -> check(node, tolerations);
  }

  private static List<String> check(NodeState node, List<Toleration> tolerations) {
    for (Taint taint : node.taints()) {
      if (taint.effect().blocksScheduling() && !tolerated(taint, tolerations)) {
        return List.of("node(s) had untolerated taint {" + taint.key() + ": " + taint.value() + "}");
      }
    }
    return NodeCheck.PASS;
  }

  static boolean tolerated(Taint taint, List<Toleration> tolerations) {
    for (Toleration t : tolerations) {
      if (t.tolerates(taint)) {
        return true;
      }
    }
    return false;
  }
}
