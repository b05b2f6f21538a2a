package dev.vkube.scheduler.filter;

import dev.vkube.scheduler.model.Pod;
import dev.vkube.scheduler.model.TopologySpreadConstraint;
import dev.vkube.scheduler.snapshot.Demand;
import dev.vkube.scheduler.snapshot.NodeState;
import dev.vkube.scheduler.snapshot.PlacedPod;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DoNotSchedule topology spread (upstream plugins/podtopologyspread filtering.go): matching pods
 * of the pod's namespace are counted per domain over the nodes that pass the pod's node
 * affinity (nodeAffinityPolicy Honor) and carry every constraint key; a node is rejected when
 * placing the pod there would make its domain exceed the global minimum by more than maxSkew.
 */
public final class TopologySpreadFilter implements Filter {
  static final String CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
  static final List<String> NOT_MATCH = List.of(CONSTRAINTS_NOT_MATCH);
  static final List<String> MISSING_LABEL = List.of(CONSTRAINTS_NOT_MATCH + " (missing required label)");

  @Override
  public boolean nodeLocal() {
    return false;
  }

  @Override
  public NodeCheck prepare(Demand demand, Snapshot snapshot) {
    Pod pod = demand.pod();
    List<TopologySpreadConstraint> hard = new ArrayList<>();
    for (TopologySpreadConstraint c : pod.topologySpread()) {
      if (c.doNotSchedule()) {
        hard.add(c);
      }
    }
    if (hard.isEmpty()) {
      return NodeCheck.ALWAYS;
    }
    List<Map<String, Integer>> counts = new ArrayList<>();
    hard.forEach(c -> counts.add(new HashMap<>()));
    for (int i = 0; i < snapshot.nodeCount(); i++) {
      countNode(pod, hard, counts, snapshot.nodeAt(i));
    }
    int[] minimum = new int[hard.size()];
    for (int k = 0; k < hard.size(); k++) {
      Map<String, Integer> domains = counts.get(k);
      int min = domains.values().stream().mapToInt(Integer::intValue).min().orElse(0);
      minimum[k] = domains.size() < hard.get(k).minDomains() ? 0 : min;
    }
    return node -> check(pod, hard, counts, minimum, node);
  }

  private static void countNode(Pod pod, List<TopologySpreadConstraint> hard, List<Map<String, Integer>> counts,
      NodeState node) {
    Map<String, String> labels = node.node().labels();
    if (!hasAllKeys(hard, labels) || !NodeAffinityFilter.matches(pod, node.name(), labels)) {
      return;
    }
    for (int k = 0; k < hard.size(); k++) {
      TopologySpreadConstraint c = hard.get(k);
      int matching = 0;
      for (PlacedPod p : node.pods()) {
        if (p.pod().namespace().equals(pod.namespace()) && c.selector().matches(p.pod().labels())) {
          matching++;
        }
      }
      counts.get(k).merge(labels.get(c.topologyKey()), matching, Integer::sum);
    }
  }

  private static List<String> check(Pod pod, List<TopologySpreadConstraint> hard, List<Map<String, Integer>> counts,
      int[] minimum, NodeState node) {
    Map<String, String> labels = node.node().labels();
    if (!hasAllKeys(hard, labels)) {
      return MISSING_LABEL;
    }
    for (int k = 0; k < hard.size(); k++) {
      TopologySpreadConstraint c = hard.get(k);
      int self = c.selector().matches(pod.labels()) ? 1 : 0;
      int skew = counts.get(k).getOrDefault(labels.get(c.topologyKey()), 0) + self - minimum[k];
      if (skew > c.maxSkew()) {
        return NOT_MATCH;
      }
    }
    return NodeCheck.PASS;
  }

  private static boolean hasAllKeys(List<TopologySpreadConstraint> hard, Map<String, String> labels) {
    for (TopologySpreadConstraint c : hard) {
      if (!labels.containsKey(c.topologyKey())) {
        return false;
      }
    }
    return true;
  }
}
