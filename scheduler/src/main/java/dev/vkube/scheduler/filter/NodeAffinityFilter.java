package dev.vkube.scheduler.filter;

import dev.vkube.scheduler.model.NodeSelectorTerm;
import dev.vkube.scheduler.model.Pod;
import dev.vkube.scheduler.snapshot.Demand;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.util.List;
import java.util.Map;

/**
 * spec.nodeSelector (every pair) and required node affinity (any term) must both match
 * (upstream plugins/nodeaffinity, one reason text for both).
 */
public final class NodeAffinityFilter implements Filter {
  static final List<String> REASON = List.of("node(s) didn't match Pod's node affinity/selector");

  @Override
  public NodeCheck prepare(Demand pod, Snapshot snapshot) {
    Pod p = pod.pod();
    if (p.nodeSelector().isEmpty() && p.requiredNodeAffinity().isEmpty()) {
      return NodeCheck.ALWAYS;
    }
    return node -> matches(p, node.name(), node.node().labels()) ? NodeCheck.PASS : REASON;
  }

  /** Also used by topology spread, whose default nodeAffinityPolicy Honor counts only such nodes. */
  public static boolean matches(Pod pod, String nodeName, Map<String, String> labels) {
    for (var e : pod.nodeSelector().entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    if (pod.requiredNodeAffinity().isEmpty()) {
      return true;
    }
    for (NodeSelectorTerm t : pod.requiredNodeAffinity()) {
      if (t.matches(nodeName, labels)) {
        return true;
      }
    }
    return false;
  }
}
