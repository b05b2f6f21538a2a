package dev.vkube.apiserver.controllers.cluster.gc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The uid graph of owners and dependents across every resource (garbagecollector/graph.go, without
 * virtual nodes: an owner not seen yet is looked up live before anything is deleted). Thread-safe.
 */
public final class OwnerGraph {
  private final Map<String, GraphNode> nodes = new HashMap<>();
  private final Map<String, Set<String>> dependents = new HashMap<>();

  /** Records the node; returns the previous one for that uid (or null). */
  public synchronized GraphNode put(GraphNode node) {
    GraphNode previous = nodes.put(node.uid(), node);
    if (previous != null) {
      previous.owners().forEach(o -> unlink(o.uid(), node.uid()));
    }
    node.owners().forEach(o -> dependents.computeIfAbsent(o.uid(), k -> new HashSet<>()).add(node.uid()));
    return previous;
  }

  public synchronized GraphNode remove(String uid) {
    GraphNode removed = nodes.remove(uid);
    if (removed != null) {
      removed.owners().forEach(o -> unlink(o.uid(), uid));
    }
    return removed;
  }

  public synchronized GraphNode node(String uid) {
    return nodes.get(uid);
  }

  /** The observed objects that name {@code ownerUid} among their owners. */
  public synchronized List<GraphNode> dependents(String ownerUid) {
    List<GraphNode> out = new ArrayList<>();
    for (String uid : dependents.getOrDefault(ownerUid, Set.of())) {
      GraphNode node = nodes.get(uid);
      if (node != null) {
        out.add(node);
      }
    }
    return out;
  }

  /** Dependents that hold {@code ownerUid} back from deletion (blockOwnerDeletion=true). */
  public synchronized List<GraphNode> blockingDependents(String ownerUid) {
    return dependents(ownerUid).stream().filter(d -> {
      OwnerRef ref = d.refTo(ownerUid);
      return ref != null && ref.blockOwnerDeletion();
    }).toList();
  }

  /** Objects the collector may have work for: those with owners or in a propagating deletion. */
  public synchronized List<String> candidates() {
    return nodes.values().stream().filter(n -> !n.owners().isEmpty() || n.orphaningDependents()
        || n.deletingDependents()).map(GraphNode::uid).toList();
  }

  private void unlink(String ownerUid, String dependentUid) {
    Set<String> set = dependents.get(ownerUid);
    if (set != null) {
      set.remove(dependentUid);
      if (set.isEmpty()) {
        dependents.remove(ownerUid);
      }
    }
  }
}
