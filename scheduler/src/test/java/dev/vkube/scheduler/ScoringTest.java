package dev.vkube.scheduler;

import static dev.vkube.scheduler.TestCluster.GI;
import static dev.vkube.scheduler.TestCluster.cpuNode;
import static dev.vkube.scheduler.TestCluster.gpuNode;
import static dev.vkube.scheduler.TestCluster.pod;
import static dev.vkube.scheduler.TestCluster.sharedPod;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vkube.scheduler.gpu.GpuAllocation;
import dev.vkube.scheduler.score.AllocationShape;
import dev.vkube.scheduler.score.RequestedToCapacityRatio;
import dev.vkube.scheduler.score.ResourceAllocationScorer;
import dev.vkube.scheduler.score.ResourceWeights;
import dev.vkube.scheduler.snapshot.Demand;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Hand-computed NodeResourcesFit scores (upstream formulas) and profile behaviour. */
class ScoringTest {
  private static final ResourceWeights CPU_MEM = new ResourceWeights(Map.of("cpu", 1, "memory", 1), 5);

  /** (4000-1000)×100/4000 = 75 for cpu, (8-2)×100/8 = 75 for memory: (75+75)/2 = 75. */
  @Test
  void leastAllocatedScoresFreeShare() {
    var node = Snapshot.of(List.of(cpuNode("a", 4000, 8 * GI))).node("a").orElseThrow();
    var scorer = new ResourceAllocationScorer(AllocationShape.LEAST_ALLOCATED, CPU_MEM);
    assertEquals(75, scorer.score(Demand.of(pod("p", 1000, 2 * GI)), node));
  }

  /** cpu 1000×100/4000 = 25; memory 3Gi×100/8Gi = 37 (37.5 truncated); (25×2 + 37×1)/3 = 29. */
  @Test
  void mostAllocatedUsesWeightsAndTruncates() {
    var node = Snapshot.of(List.of(cpuNode("a", 4000, 8 * GI))).node("a").orElseThrow();
    var weights = new ResourceWeights(Map.of("cpu", 2, "memory", 1), 5);
    var scorer = new ResourceAllocationScorer(AllocationShape.MOST_ALLOCATED, weights);
    assertEquals(29, scorer.score(Demand.of(pod("p", 1000, 3 * GI)), node));
  }

  /** A pod without requests is scored as 100m cpu and 200Mi memory (upstream non-zero defaults). */
  @Test
  void emptyRequestsScoreAsUpstreamDefaults() {
    var node = Snapshot.of(List.of(cpuNode("a", 1000, 2000L * 1024 * 1024))).node("a").orElseThrow();
    var scorer = new ResourceAllocationScorer(AllocationShape.MOST_ALLOCATED, CPU_MEM);
    assertEquals(10, scorer.score(Demand.of(pod("p", 0, 0)), node));
  }

  /**
   * Shape (0,0) (50,10) (100,0) scaled to 0-100 first: cpu at 25% scores 0 + 100×25/50 = 50,
   * memory at 75% scores 100 + (0-100)×25/50 = 50; round((50+50)/2) = 50.
   */
  @Test
  void requestedToCapacityRatioInterpolatesTheShape() {
    var shape = new RequestedToCapacityRatio(List.of(new RequestedToCapacityRatio.Point(0, 0),
        new RequestedToCapacityRatio.Point(50, 10), new RequestedToCapacityRatio.Point(100, 0)));
    var node = Snapshot.of(List.of(cpuNode("a", 4000, 8 * GI))).node("a").orElseThrow();
    assertEquals(50, new ResourceAllocationScorer(shape, CPU_MEM).score(Demand.of(pod("p", 1000, 6 * GI)), node));
  }

  @Test
  void leastAllocatedSpreadsAndPicksRoomiestDevice() {
    var snapshot = Snapshot.of(List.of(gpuNode("g", 64000, 256 * GI, 2, "A10")));
    snapshot.bind(sharedPod("old", 100, GI, 300), "g", new GpuAllocation(List.of(0), 300));
    var scheduler = new Scheduler(Profile.leastAllocated(ResourceWeights.DEFAULT), new SplittableRandom(1));
    assertEquals(List.of(1), scheduler.place(snapshot, sharedPod("p", 100, GI, 300)).gpus().devices());
  }

  @Test
  void mostAllocatedPacksSharedRequestsOnTheFullestDevice() {
    var snapshot = Snapshot.of(List.of(gpuNode("g", 64000, 256 * GI, 2, "A10")));
    snapshot.bind(sharedPod("old", 100, GI, 300), "g", new GpuAllocation(List.of(1), 300));
    assertEquals(List.of(1), TestCluster.mostAllocated().place(snapshot, sharedPod("p", 100, GI, 300)).gpus().devices());
  }

  @Test
  void sameSeedSameDecisions() {
    for (int run = 0; run < 2; run++) {
      var a = Snapshot.of(List.of(cpuNode("a", 4000, 8 * GI), cpuNode("b", 4000, 8 * GI), cpuNode("c", 4000, 8 * GI)));
      var b = a.fork();
      var pods = List.of(pod("p1", 100, GI), pod("p2", 100, GI), pod("p3", 100, GI), pod("p4", 100, GI));
      var first = new Scheduler(Profile.leastAllocated(ResourceWeights.DEFAULT), new SplittableRandom(7)).placeBatch(a, pods);
      var second = new Scheduler(Profile.leastAllocated(ResourceWeights.DEFAULT), new SplittableRandom(7)).placeBatch(b, pods);
      assertEquals(first, second);
    }
  }
}
