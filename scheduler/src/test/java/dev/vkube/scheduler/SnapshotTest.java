package dev.vkube.scheduler;

import static dev.vkube.scheduler.TestCluster.GI;
import static dev.vkube.scheduler.TestCluster.cpuNode;
import static dev.vkube.scheduler.TestCluster.gpuNode;
import static dev.vkube.scheduler.TestCluster.gpuPod;
import static dev.vkube.scheduler.TestCluster.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.scheduler.gpu.GpuAllocation;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotTest {
  @Test
  void forkChangesStayInTheFork() {
    var parent = Snapshot.of(List.of(cpuNode("a", 4000, 8 * GI)));
    var fork = parent.fork();
    fork.putNode(gpuNode("hypothetical", 64000, 256 * GI, 8, "H100"));
    fork.bind(pod("p", 1000, GI), "a", GpuAllocation.NONE);

    assertEquals(1, parent.nodeCount());
    assertEquals(0, parent.node("a").orElseThrow().pods().size());
    assertEquals(2, fork.nodeCount());
  }

  @Test
  void parentChangesAfterForkStayOutOfTheFork() {
    var parent = Snapshot.of(List.of(cpuNode("a", 4000, 8 * GI)));
    var fork = parent.fork();
    parent.bind(pod("p", 1000, GI), "a", GpuAllocation.NONE);
    parent.removeNode("a");

    assertEquals(1, fork.nodeCount());
    assertTrue(fork.node("a").orElseThrow().pods().isEmpty());
    assertFalse(fork.nodeOf("default/p").isPresent());
  }

  @Test
  void removePodFreesItsDevices() {
    var s = Snapshot.of(List.of(gpuNode("g", 64000, 256 * GI, 2, "A10")));
    s.bind(gpuPod("p", 1000, GI, 2), "g", new GpuAllocation(List.of(0, 1), 1000));
    assertEquals(0, s.node("g").orElseThrow().gpuFreeTotal());
    s.removePod("default/p");
    assertEquals(2000, s.node("g").orElseThrow().gpuFreeTotal());
    assertEquals(0, s.podCount());
  }

  @Test
  void updatingANodeKeepsItsPods() {
    var s = Snapshot.of(List.of(cpuNode("a", 4000, 8 * GI)));
    s.bind(pod("p", 1000, GI), "a", GpuAllocation.NONE);
    s.putNode(cpuNode("a", 8000, 8 * GI).withUnschedulable(true));
    assertEquals(1000, s.node("a").orElseThrow().requested().cpuMilli());
    assertTrue(s.node("a").orElseThrow().node().unschedulable());
  }

  @Test
  void autoscalerWhatIfOnAFork() {
    var real = Snapshot.of(List.of(cpuNode("a", 1000, 8 * GI)));
    var scheduler = TestCluster.mostAllocated();
    var gpuPod = gpuPod("train", 4000, 16 * GI, 4);
    assertFalse(scheduler.evaluate(real, gpuPod).isPlaced());

    var whatIf = real.fork();
    whatIf.putNode(gpuNode("new-h100", 64000, 256 * GI, 8, "H100"));
    assertEquals("new-h100", scheduler.place(whatIf, gpuPod).node().orElseThrow());
    assertFalse(scheduler.evaluate(real, gpuPod).isPlaced());
  }
}
