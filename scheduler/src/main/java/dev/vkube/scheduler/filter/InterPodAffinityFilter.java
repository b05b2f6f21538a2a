package dev.vkube.scheduler.filter;

import dev.vkube.scheduler.model.Pod;
import dev.vkube.scheduler.model.PodAffinityTerm;
import dev.vkube.scheduler.snapshot.Demand;
import dev.vkube.scheduler.snapshot.NodeState;
import dev.vkube.scheduler.snapshot.PlacedPod;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Required pod affinity and anti-affinity, in upstream plugins/interpodaffinity's order: placed
 * pods' anti-affinity against this pod, this pod's anti-affinity, then its affinity. Counts are
 * kept per topology pair (key, value), computed once per pod.
 */
public final class InterPodAffinityFilter implements Filter {
  static final List<String> EXISTING_ANTI = List.of("node(s) didn't satisfy existing pods anti-affinity rules");
  static final List<String> ANTI = List.of("node(s) didn't match pod anti-affinity rules");
  static final List<String> AFFINITY = List.of("node(s) didn't match pod affinity rules");

  @Override
  public boolean nodeLocal() {
    return false;
  }

  @Override
  public NodeCheck prepare(Demand demand, Snapshot snapshot) {
    Pod pod = demand.pod();
    if (pod.podAffinity().isEmpty() && pod.podAntiAffinity().isEmpty() && snapshot.antiAffinityPods() == 0) {
      return NodeCheck.ALWAYS;
    }
    Set<String> blocked = new HashSet<>();
    Map<String, Integer> affinityCounts = new HashMap<>();
    Map<String, Integer> antiCounts = new HashMap<>();
    for (int i = 0; i < snapshot.nodeCount(); i++) {
      NodeState node = snapshot.nodeAt(i);
      for (PlacedPod placed : node.pods()) {
        Pod other = placed.pod();
        for (PodAffinityTerm t : other.podAntiAffinity()) {
          if (t.selects(other.namespace(), pod)) {
            addPair(blocked, node, t.topologyKey());
          }
        }
        if (!pod.podAffinity().isEmpty() && matchesAll(pod.podAffinity(), pod.namespace(), other)) {
          pod.podAffinity().forEach(t -> count(affinityCounts, node, t.topologyKey()));
        }
        for (PodAffinityTerm t : pod.podAntiAffinity()) {
          if (t.selects(pod.namespace(), other)) {
            count(antiCounts, node, t.topologyKey());
          }
        }
      }
    }
    boolean selfMatch = matchesAll(pod.podAffinity(), pod.namespace(), pod);
    return node -> check(pod, node, blocked, affinityCounts, antiCounts, selfMatch);
  }

  private static List<String> check(Pod pod, NodeState node, Set<String> blocked, Map<String, Integer> affinity,
      Map<String, Integer> anti, boolean selfMatch) {
    Map<String, String> labels = node.node().labels();
    for (var e : labels.entrySet()) {
      if (!blocked.isEmpty() && blocked.contains(pair(e.getKey(), e.getValue()))) {
        return EXISTING_ANTI;
      }
    }
    for (PodAffinityTerm t : pod.podAntiAffinity()) {
      String v = labels.get(t.topologyKey());
      if (v != null && anti.getOrDefault(pair(t.topologyKey(), v), 0) > 0) {
        return ANTI;
      }
    }
    return satisfiesAffinity(pod, labels, affinity, selfMatch) ? NodeCheck.PASS : AFFINITY;
  }

  /**
   * Every term needs a matching pod in the node's domain; the node must carry every topology key.
   * Exception as upstream: when no pod anywhere matches and the pod matches its own terms, it is
   * the first of its group and may go anywhere those keys exist.
   */
  private static boolean satisfiesAffinity(Pod pod, Map<String, String> labels, Map<String, Integer> counts,
      boolean selfMatch) {
    boolean podsExist = true;
    for (PodAffinityTerm t : pod.podAffinity()) {
      String v = labels.get(t.topologyKey());
      if (v == null) {
        return false;
      }
      if (counts.getOrDefault(pair(t.topologyKey(), v), 0) <= 0) {
        podsExist = false;
      }
    }
    return podsExist || (counts.isEmpty() && selfMatch);
  }

  private static boolean matchesAll(List<PodAffinityTerm> terms, String ownerNamespace, Pod other) {
    for (PodAffinityTerm t : terms) {
      if (!t.selects(ownerNamespace, other)) {
        return false;
      }
    }
    return true;
  }

  private static void addPair(Set<String> set, NodeState node, String key) {
    String v = node.node().labels().get(key);
    if (v != null) {
      set.add(pair(key, v));
    }
  }

  private static void count(Map<String, Integer> counts, NodeState node, String key) {
    String v = node.node().labels().get(key);
    if (v != null) {
      counts.merge(pair(key, v), 1, Integer::sum);
    }
  }

  private static String pair(String key, String value) {
    return key + '\u0000' + value;
  }
}
