package dev.vkube.apiserver.controllers.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vkube.apiserver.controllers.cluster.gc.GraphNode;
import dev.vkube.apiserver.controllers.cluster.gc.OwnerGraph;
import dev.vkube.apiserver.controllers.cluster.gc.OwnerRef;
import dev.vkube.apiserver.controllers.cluster.gc.OwnerState;
import dev.vkube.apiserver.controllers.cluster.gc.Verdict;
import dev.vkube.apiserver.registry.ResourceDefinition;
import dev.vkube.apiserver.registry.ResourceRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerdictTest {
  private static final ResourceDefinition CONFIGMAPS = ResourceRegistry.builtin().lookup("", "v1", "configmaps")
      .orElseThrow();
  private static final OwnerRef A = new OwnerRef("v1", "ConfigMap", "a", "uid-a", true);
  private static final OwnerRef B = new OwnerRef("v1", "ConfigMap", "b", "uid-b", false);

  private static GraphNode item(Set<String> finalizers, OwnerRef... owners) {
    return new GraphNode(CONFIGMAPS, "ns", "item", "uid-item", List.of(owners), false, finalizers);
  }

  private static Map<OwnerRef, OwnerState> states(Object... pairs) {
    Map<OwnerRef, OwnerState> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((OwnerRef) pairs[i], (OwnerState) pairs[i + 1]);
    }
    return out;
  }

  @Test
  void danglingDependentIsDeletedInTheBackground() {
    Verdict v = Verdict.decide(item(Set.of(), A), states(A, OwnerState.DANGLING), false);
    assertEquals(Verdict.Action.DELETE, v.action());
    assertEquals("Background", v.propagationPolicy());
  }

  @Test
  void aSolidOwnerKeepsTheDependentAndOnlyDanglingReferencesGo() {
    Verdict v = Verdict.decide(item(Set.of(), A, B), states(A, OwnerState.SOLID, B, OwnerState.DANGLING), false);
    assertEquals(Verdict.Action.REMOVE_OWNER_REFERENCES, v.action());
    assertEquals(List.of("uid-b"), v.ownerUidsToRemove());
    assertEquals(Verdict.Action.KEEP, Verdict.decide(item(Set.of(), A), states(A, OwnerState.SOLID), true)
        .action());
  }

  @Test
  void waitingOwnerPropagatesForegroundToDependentsWithDependents() {
    assertEquals("Foreground", Verdict.decide(item(Set.of(), A), states(A, OwnerState.WAITING), true)
        .propagationPolicy());
    assertEquals("Background", Verdict.decide(item(Set.of(), A), states(A, OwnerState.WAITING), false)
        .propagationPolicy());
  }

  @Test
  void theDependentsOwnFinalizerChoosesThePolicy() {
    assertEquals("Orphan", Verdict.decide(item(Set.of("orphan"), A), states(A, OwnerState.DANGLING), false)
        .propagationPolicy());
  }

  @Test
  void graphTracksBlockingDependents() {
    OwnerGraph graph = new OwnerGraph();
    graph.put(new GraphNode(CONFIGMAPS, "ns", "x", "uid-x", List.of(A), false, Set.of()));
    graph.put(new GraphNode(CONFIGMAPS, "ns", "y", "uid-y", List.of(new OwnerRef("v1", "ConfigMap", "a", "uid-a",
        false)), false, Set.of()));
    assertEquals(2, graph.dependents("uid-a").size());
    assertEquals(List.of("uid-x"), graph.blockingDependents("uid-a").stream().map(GraphNode::uid).toList());
    graph.remove("uid-x");
    assertEquals(List.of(), graph.blockingDependents("uid-a"));
  }
}
