package dev.vkube.scheduler.filter;

import dev.vkube.scheduler.snapshot.Demand;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.util.List;

/** spec.nodeName pins a pod to one node (upstream plugins/nodename). */
public final class NodeNameFilter implements Filter {
  static final List<String> REASON = List.of("node(s) didn't match the requested node name");

  @Override
  public NodeCheck prepare(Demand pod, Snapshot snapshot) {
    String wanted = pod.pod().nodeName();
    if (wanted.isEmpty()) {
      return NodeCheck.ALWAYS;
    }
    return node -> node.name().equals(wanted) ? NodeCheck.PASS : REASON;
  }
}
