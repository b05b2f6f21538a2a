package dev.vkube.scheduler;

import static dev.vkube.scheduler.TestCluster.GI;
import static dev.vkube.scheduler.TestCluster.cpuNode;
import static dev.vkube.scheduler.TestCluster.gpuNode;
import static dev.vkube.scheduler.TestCluster.gpuPod;
import static dev.vkube.scheduler.TestCluster.mostAllocated;
import static dev.vkube.scheduler.TestCluster.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.scheduler.gpu.GpuAllocation;
import dev.vkube.scheduler.model.Node;
import dev.vkube.scheduler.model.Pod;
import dev.vkube.scheduler.model.Resources;
import dev.vkube.scheduler.model.Taint;
import dev.vkube.scheduler.model.TaintEffect;
import dev.vkube.scheduler.score.AllocationShape;
import dev.vkube.scheduler.score.ResourceAllocationScorer;
import dev.vkube.scheduler.score.ResourceWeights;
import dev.vkube.scheduler.snapshot.Demand;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** gpu.md §8, scheduler cases 28-32. */
class GpuChecklistTest {
  private static final Taint GPU_TAINT = new Taint("nvidia.com/gpu", "present", TaintEffect.NO_SCHEDULE);

  @Test
  void case28NearlyFullGpuNodeRejectsTwoGpuPodWithUpstreamMessage() {
    var snapshot = Snapshot.of(List.of(gpuNode("a", 64000, 256 * GI, 8, "H100"),
        gpuNode("b", 64000, 256 * GI, 8, "H100").withTaints(List.of(GPU_TAINT))));
    snapshot.bind(gpuPod("seven", 1000, GI, 7), "a", new GpuAllocation(List.of(0, 1, 2, 3, 4, 5, 6), 1000));

    Decision d = mostAllocated().place(snapshot, gpuPod("two", 1000, GI, 2));

    assertFalse(d.isPlaced());
    assertEquals(Decision.UNSCHEDULABLE, d.reason());
    assertEquals(List.of("Insufficient nvidia.com/gpu"), d.nodeReasons().get("a"));
    assertEquals("0/2 nodes are available: 1 Insufficient nvidia.com/gpu, "
        + "1 node(s) had untolerated taint {nvidia.com/gpu: present}.", d.message());
  }

  @Test
  void case29MigMixedNodeTakesSevenSlicesAndNoWholeGpu() {
    String mig = "nvidia.com/mig-1g.10gb";
    Node node = Node.of("mig", Resources.of(Map.of(Resources.CPU, 64000L, Resources.MEMORY, 256 * GI,
        Resources.PODS, 110L, mig, 7L)));
    var snapshot = Snapshot.of(List.of(node));
    Scheduler scheduler = mostAllocated();
    for (int i = 0; i < 7; i++) {
      assertTrue(scheduler.place(snapshot, Pod.of("default", "s" + i, Resources.of(mig, 1))).isPlaced());
    }
    Decision eighth = scheduler.place(snapshot, Pod.of("default", "s7", Resources.of(mig, 1)));
    Decision whole = scheduler.place(snapshot, gpuPod("g", 100, GI, 1));

    assertEquals("0/1 nodes are available: 1 Insufficient nvidia.com/mig-1g.10gb.", eighth.message());
    assertEquals("0/1 nodes are available: 1 Insufficient nvidia.com/gpu.", whole.message());
  }

  @Test
  void case30TwoOneGpuPodsShareAnEightGpuNode() {
    var snapshot = Snapshot.of(List.of(gpuNode("a", 64000, 256 * GI, 8, "H100"),
        gpuNode("b", 64000, 256 * GI, 8, "H100")));
    Scheduler scheduler = mostAllocated();

    List<Decision> ds = scheduler.placeBatch(snapshot, List.of(gpuPod("p1", 1000, GI, 1), gpuPod("p2", 1000, GI, 1)));

    assertEquals(ds.get(0).node(), ds.get(1).node());
    assertEquals(List.of(1), ds.get(1).gpus().devices());
  }

  /**
   * MostAllocated, weights cpu 1, memory 1, GPUs 5. Node a (8 cpu, 16Gi, 8 GPUs) already holds
   * 2 cpu, 2Gi, 2 GPUs; the pod asks 1 cpu, 2Gi, 1 GPU: cpu 3000×100/8000 = 37, memory
   * 4Gi×100/16Gi = 25, GPU 3000×100/8000 = 37, node (37 + 25 + 5×37) / 7 = 247 / 7 = 35. Node b has
   * no GPU, so a cpu pod (1 cpu, 2Gi) scores (25 + 25) / 2 = 25 there: the absent resource and its
   * weight are skipped. On an empty node a the same pod scores (12 + 12 + 5×0) / 7 = 3.
   */
  @Test
  void case30ScoreFollowsTheFormula() {
    var scorer = new ResourceAllocationScorer(AllocationShape.MOST_ALLOCATED, ResourceWeights.DEFAULT);
    var snapshot = Snapshot.of(List.of(gpuNode("a", 8000, 16 * GI, 8, "H100"), cpuNode("b", 4000, 8 * GI),
        gpuNode("c", 8000, 16 * GI, 8, "H100")));
    snapshot.bind(gpuPod("old", 2000, 2 * GI, 2), "a", new GpuAllocation(List.of(0, 1), 1000));

    assertEquals(35, scorer.score(Demand.of(gpuPod("new", 1000, 2 * GI, 1)), snapshot.node("a").orElseThrow()));
    assertEquals(25, scorer.score(Demand.of(pod("cpu", 1000, 2 * GI)), snapshot.node("b").orElseThrow()));
    assertEquals(3, scorer.score(Demand.of(pod("cpu", 1000, 2 * GI)), snapshot.node("c").orElseThrow()));
  }

  @Test
  void case31CpuPodPrefersNodeWithoutGpus() {
    for (int seed = 0; seed < 20; seed++) {
      var snapshot = Snapshot.of(List.of(gpuNode("gpu", 8000, 16 * GI, 8, "H100"), cpuNode("cpu", 8000, 16 * GI)));
      var scheduler = new Scheduler(Profile.mostAllocated(ResourceWeights.DEFAULT), new SplittableRandom(seed));
      assertEquals("cpu", scheduler.place(snapshot, pod("web", 1000, GI)).node().orElseThrow());
    }
  }

  @Test
  void case31CpuPodStillUsesGpuNodeWhenNothingElseFits() {
    var snapshot = Snapshot.of(List.of(gpuNode("gpu", 8000, 16 * GI, 8, "H100"), cpuNode("cpu", 500, 16 * GI)));
    assertEquals("gpu", mostAllocated().place(snapshot, pod("web", 1000, GI)).node().orElseThrow());
  }

  @Test
  void case32GatedPodWaitsUntilGatesAreRemoved() {
    var snapshot = Snapshot.of(List.of(cpuNode("n", 8000, 16 * GI)));
    Pod gated = pod("gated", 100, GI).withSchedulingGates(List.of("example.com/quota"));

    Decision d = mostAllocated().place(snapshot, gated);
    Decision later = mostAllocated().place(snapshot, gated.withSchedulingGates(List.of()));

    assertEquals(Decision.SCHEDULING_GATED, d.reason());
    assertFalse(d.isPlaced());
    assertEquals(1, snapshot.node("n").orElseThrow().pods().size());
    assertTrue(later.isPlaced());
  }
}
