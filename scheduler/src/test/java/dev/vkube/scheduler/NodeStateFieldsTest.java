package dev.vkube.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.scheduler.gpu.GpuDemand;
import dev.vkube.scheduler.model.Node;
import dev.vkube.scheduler.model.Resources;
import dev.vkube.scheduler.snapshot.NodeState;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The values a node state keeps as fields for the hot filter and score loops (free cpu, memory,
 * pods and storage, the cordon flag, taints, whether a non-device extended resource exists) equal
 * what they are derived from, after random placements, removals, node updates and forks, in the
 * parent and in the fork.
 */
class NodeStateFieldsTest {
  @Property(tries = 200)
  void fieldsMatchTheObjectsAfterRandomChanges(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int nodes,
      @ForAll @IntRange(min = 1, max = 30) int pods) {
    var scenario = RandomScenario.of(seed, nodes, pods);
    var random = new SplittableRandom(seed);
    var scheduler = new Scheduler(scenario.profile(), new SplittableRandom(seed));
    var parent = Snapshot.of(scenario.nodes());
    Snapshot fork = null;
    var placed = new ArrayList<String>();
    int checked = 0;
    for (var pod : scenario.pods()) {
      Snapshot target = fork != null && random.nextBoolean() ? fork : parent;
      if (scheduler.place(target, pod).isPlaced() && target == parent) {
        placed.add(pod.key());
      }
      switch (random.nextInt(6)) {
        case 0 -> {
          if (!placed.isEmpty()) {
            parent.removePod(placed.remove(random.nextInt(placed.size())));
          }
        }
        case 1 -> {
          Node n = scenario.nodes().get(random.nextInt(scenario.nodes().size()));
          parent.putNode(n.withUnschedulable(random.nextBoolean()).withTaints(random.nextBoolean()
              ? List.of(RandomScenario.TAINT) : List.of()));
        }
        case 2 -> fork = parent.fork();
        default -> { }
      }
      checked += assertFieldsMatch(parent);
      if (fork != null) {
        checked += assertFieldsMatch(fork);
      }
    }
    assertTrue(checked >= pods);
  }

  private static int assertFieldsMatch(Snapshot snapshot) {
    for (NodeState s : snapshot.nodes()) {
      Resources alloc = s.node().allocatable();
      Resources used = s.requested();
      assertEquals(alloc.cpuMilli() - used.cpuMilli(), s.freeCpuMilli(), s.name());
      assertEquals(alloc.memory() - used.memory(), s.freeMemory(), s.name());
      assertEquals(alloc.pods() - used.pods(), s.freePods(), s.name());
      assertEquals(alloc.ephemeralStorage() - used.ephemeralStorage(), s.freeEphemeralStorage(), s.name());
      assertEquals(s.node().unschedulable(), s.unschedulable(), s.name());
      assertEquals(s.node().taints(), s.taints(), s.name());
      boolean other = alloc.extended().keySet().stream()
          .anyMatch(k -> !(k.equals(GpuDemand.WHOLE_RESOURCE) && s.gpuCount() > 0));
      assertEquals(other, s.hasOtherExtended(), s.name());
    }
    return snapshot.nodeCount();
  }

  /** The one-entry memo in front of the map: each key keeps its own value, each computed once. */
  @Test
  void memoKeepsEveryKeysValue() {
    var state = NodeState.empty(Node.of("a", Resources.of(Resources.CPU, 1000)));
    Object k1 = new Object();
    Object k2 = new Object();
    var computed = new AtomicInteger();
    for (int round = 0; round < 3; round++) {
      assertEquals("one", state.memo(k1, s -> count(computed, "one")));
      assertEquals("two", state.memo(k2, s -> count(computed, "two")));
    }
    assertEquals(2, computed.get());
    Object v = state.memo(k1, s -> "other");
    assertSame("one", v);
  }

  private static String count(AtomicInteger computed, String value) {
    computed.incrementAndGet();
    return value;
  }
}
