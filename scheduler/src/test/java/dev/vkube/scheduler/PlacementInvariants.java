package dev.vkube.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.scheduler.filter.NodeAffinityFilter;
import dev.vkube.scheduler.model.Node;
import dev.vkube.scheduler.model.Pod;
import dev.vkube.scheduler.model.PodAffinityTerm;
import dev.vkube.scheduler.model.Resources;
import dev.vkube.scheduler.model.Taint;
import dev.vkube.scheduler.model.Toleration;
import dev.vkube.scheduler.model.TopologySpreadConstraint;
import dev.vkube.scheduler.snapshot.NodeState;
import dev.vkube.scheduler.snapshot.PlacedPod;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Checks, independently of the filters' code, what no placement may ever do: over-commit a
 * resource or a device, ignore a taint or required node affinity, skew a DoNotSchedule spread past
 * maxSkew, or break a required anti-affinity. Also the fork isolation contract.
 */
final class PlacementInvariants {
  private PlacementInvariants() {}

  /** Places the scenario's pods one by one, checking every placement against the state before it. */
  static int placeAndCheck(RandomScenario s, long seed) {
    var snapshot = Snapshot.of(s.nodes());
    var scheduler = new Scheduler(s.profile(), new SplittableRandom(seed));
    int placed = 0;
    for (Pod pod : s.pods()) {
      Decision d = scheduler.place(snapshot, pod);
      if (!d.isPlaced()) {
        continue;
      }
      placed++;
      NodeState node = snapshot.node(d.node().get()).orElseThrow();
      assertTolerated(pod, node.node());
      assertTrue(NodeAffinityFilter.matches(pod, node.name(), node.node().labels()), "node affinity " + pod.key());
      assertSpread(snapshot, pod, node);
      assertNoOvercommit(node);
    }
    assertAntiAffinity(snapshot);
    return placed;
  }

  static void assertNoOvercommit(NodeState node) {
    Resources alloc = node.node().allocatable();
    Resources used = node.requested();
    assertTrue(used.cpuMilli() <= alloc.cpuMilli(), "cpu on " + node.name());
    assertTrue(used.memory() <= alloc.memory(), "memory on " + node.name());
    assertTrue(used.pods() <= alloc.pods(), "pods on " + node.name());
    assertTrue(used.get(RandomScenario.FPGA) <= alloc.get(RandomScenario.FPGA), "fpga on " + node.name());
    int[] free = new int[node.gpuCount()];
    for (int d = 0; d < free.length; d++) {
      free[d] = node.node().gpus().get(d).milli();
    }
    for (PlacedPod p : node.pods()) {
      assertEquals(p.demand().gpu().count(), p.gpus().devices().size(), "devices of " + p.pod().key());
      for (int d : p.gpus().devices()) {
        free[d] -= p.gpus().milli();
        assertTrue(p.demand().gpu().allows(node.node().gpus().get(d).model()), "model for " + p.pod().key());
      }
    }
    for (int d = 0; d < free.length; d++) {
      assertTrue(free[d] >= 0, "device " + d + " over-committed on " + node.name());
      assertEquals(free[d], node.gpuFree(d), "device accounting on " + node.name());
    }
  }

  private static void assertTolerated(Pod pod, Node node) {
    for (Taint t : node.taints()) {
      if (t.effect().blocksScheduling()) {
        assertTrue(pod.tolerations().stream().anyMatch((Toleration tol) -> tol.tolerates(t)), "taint " + t);
      }
    }
  }

  /** Recounts the domains from scratch after the placement: the pod's own domain may lead by maxSkew. */
  private static void assertSpread(Snapshot snapshot, Pod pod, NodeState chosen) {
    for (TopologySpreadConstraint c : pod.topologySpread()) {
      if (!c.doNotSchedule()) {
        continue;
      }
      Map<String, Integer> counts = new HashMap<>();
      for (NodeState n : snapshot.nodes()) {
        String v = n.node().labels().get(c.topologyKey());
        if (v == null || !NodeAffinityFilter.matches(pod, n.name(), n.node().labels())) {
          continue;
        }
        int k = 0;
        for (PlacedPod p : n.pods()) {
          boolean self = p.pod().key().equals(pod.key());
          if (!self && p.pod().namespace().equals(pod.namespace()) && c.selector().matches(p.pod().labels())) {
            k++;
          }
        }
        counts.merge(v, k, Integer::sum);
      }
      String domain = chosen.node().labels().get(c.topologyKey());
      assertTrue(domain != null, "spread key on chosen node");
      int min = counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
      int self = c.selector().matches(pod.labels()) ? 1 : 0;
      assertTrue(counts.getOrDefault(domain, 0) + self - min <= c.maxSkew(), "skew for " + pod.key());
    }
  }

  private static void assertAntiAffinity(Snapshot snapshot) {
    for (PlacedPod p : snapshot.allPods()) {
      String pNode = p.nodeName();
      for (PodAffinityTerm t : p.pod().podAntiAffinity()) {
        String domain = snapshot.node(pNode).orElseThrow().node().labels().get(t.topologyKey());
        for (PlacedPod q : snapshot.allPods()) {
          if (q == p || domain == null) {
            continue;
          }
          String qDomain = snapshot.node(q.nodeName()).orElseThrow().node().labels().get(t.topologyKey());
          assertTrue(!(domain.equals(qDomain) && t.selects(p.pod().namespace(), q.pod())),
              "anti-affinity " + p.pod().key() + " vs " + q.pod().key());
        }
      }
    }
  }

  /** What a snapshot shows: every node's spec and pods with their devices. */
  static List<String> fingerprint(Snapshot s) {
    var out = new ArrayList<String>();
    for (NodeState n : s.nodes()) {
      out.add(n.node() + " " + n.requested() + " " + Arrays.toString(n.gpuFree()));
      n.pods().forEach(p -> out.add("  " + p.pod().key() + " " + p.gpus()));
    }
    return out;
  }

  /** Forks, then changes both sides at random; neither may see the other's changes. */
  static void assertForkIsolation(RandomScenario s, long seed) {
    var r = new SplittableRandom(seed);
    var parent = Snapshot.of(s.nodes());
    var scheduler = new Scheduler(s.profile(), new SplittableRandom(seed));
    int half = s.pods().size() / 2;
    scheduler.placeBatch(parent, s.pods().subList(0, half));
    List<String> parentBefore = fingerprint(parent);
    var fork = parent.fork();
    mutate(fork, s, scheduler, r, half);
    assertEquals(parentBefore, fingerprint(parent), "fork changed its parent");
    List<String> forkBefore = fingerprint(fork);
    mutate(parent, s, scheduler, r, half);
    assertEquals(forkBefore, fingerprint(fork), "parent changed its fork");
  }

  private static void mutate(Snapshot target, RandomScenario s, Scheduler scheduler, SplittableRandom r, int from) {
    scheduler.placeBatch(target, s.pods().subList(from, s.pods().size()));
    if (target.podCount() > 0) {
      target.removePod(target.allPods().get(r.nextInt(target.podCount())).pod().key());
    }
    if (target.nodeCount() > 1) {
      target.removeNode(target.nodeAt(r.nextInt(target.nodeCount())).name());
    }
    target.putNode(TestCluster.gpuNode("extra-" + r.nextInt(1000), 8000, 32 * TestCluster.GI, 4, "H100"));
  }
}
