package dev.vkube.apiserver.controllers.cluster.gc;

import java.util.List;
import java.util.Map;

/**
 * What the collector does with one dependent given how its owners resolved: the pure core of
 * garbagecollector.go attemptToDeleteItem.
 */
public record Verdict(Action action, List<String> ownerUidsToRemove, String propagationPolicy) {
  public enum Action { KEEP, REMOVE_OWNER_REFERENCES, DELETE }

  static final Verdict KEEP = new Verdict(Action.KEEP, List.of(), null);

  /**
   * With any solid owner the object stays and only drops its dangling and waiting references; with
   * owners all gone or waiting it is deleted: in the foreground when an owner waits and the object has
   * dependents of its own (so the wait propagates down), otherwise by its own finalizer's policy.
   */
  public static Verdict decide(GraphNode item, Map<OwnerRef, OwnerState> owners, boolean hasDependents) {
    if (owners.isEmpty()) {
      return KEEP;
    }
    List<String> solid = uids(owners, OwnerState.SOLID);
    List<String> dangling = uids(owners, OwnerState.DANGLING);
    List<String> waiting = uids(owners, OwnerState.WAITING);
    if (!solid.isEmpty()) {
      if (dangling.isEmpty() && waiting.isEmpty()) {
        return KEEP;
      }
      List<String> remove = new java.util.ArrayList<>(dangling);
      remove.addAll(waiting);
      return new Verdict(Action.REMOVE_OWNER_REFERENCES, List.copyOf(remove), null);
    }
    if (!waiting.isEmpty() && hasDependents) {
      return new Verdict(Action.DELETE, List.of(), "Foreground");
    }
    String policy = item.finalizers().contains(GraphNode.ORPHAN) ? "Orphan"
        : item.finalizers().contains(GraphNode.FOREGROUND) ? "Foreground" : "Background";
    return new Verdict(Action.DELETE, List.of(), policy);
  }

  private static List<String> uids(Map<OwnerRef, OwnerState> owners, OwnerState state) {
    return owners.entrySet().stream().filter(e -> e.getValue() == state).map(e -> e.getKey().uid()).toList();
  }
}
