package dev.vkube.scheduler;

import static dev.vkube.scheduler.TestCluster.GI;
import static dev.vkube.scheduler.TestCluster.gpuNode;
import static dev.vkube.scheduler.TestCluster.gpuPod;
import static dev.vkube.scheduler.TestCluster.pod;
import static dev.vkube.scheduler.TestCluster.sharedPod;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vkube.scheduler.gpu.Fragmentation;
import dev.vkube.scheduler.gpu.FragmentationScorer;
import dev.vkube.scheduler.gpu.GpuAllocation;
import dev.vkube.scheduler.gpu.TaskShape;
import dev.vkube.scheduler.gpu.WorkloadProfile;
import dev.vkube.scheduler.model.GpuDevice;
import dev.vkube.scheduler.snapshot.Demand;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed fragmentation. Workload: half whole 1-GPU tasks (1 cpu), half 500-milli shares
 * (1 cpu). F = Σ weight × (free milli the shape cannot use).
 */
class FragmentationTest {
  private static final WorkloadProfile HALF_HALF = new WorkloadProfile(List.of(
      new TaskShape(1000, 0, 1, 1000, Set.of(), 0.5), new TaskShape(1000, 0, 1, 500, Set.of(), 0.5)));
  private static final List<GpuDevice> TWO = Collections.nCopies(2, GpuDevice.of("A10"));

  /**
   * Devices free (500, 1000): the whole shape can use only the 1000, so 0.5 × 500 = 250; the
   * share can use both. Devices (500, 500): the whole shape uses nothing, 0.5 × 1000 = 500.
   */
  @Test
  void measureCountsWhatEachShapeCannotUse() {
    var f = new Fragmentation(HALF_HALF, true);
    assertEquals(250, f.measure(64000, 256 * GI, new int[] {500, 1000}, TWO), 1e-9);
    assertEquals(500, f.measure(64000, 256 * GI, new int[] {500, 500}, TWO), 1e-9);
    assertEquals(0, f.measure(64000, 256 * GI, new int[] {0, 0}, TWO), 1e-9);
  }

  /**
   * Two free GPUs but cpu for one 1-cpu task: the paper's measure sees no fragment. Ours scales the
   * usable 2000 by the copies cpu allows: the whole shape reaches 1 of 2 copies, the share 1 of 4,
   * so 0.5×(2000 − 1000) + 0.5×(2000 − 500) = 1250.
   */
  @Test
  void depthCountsGpusTheCpuCannotFeed() {
    assertEquals(0, new Fragmentation(HALF_HALF, false).measure(1500, 256 * GI, new int[] {1000, 1000}, TWO), 1e-9);
    assertEquals(1250, new Fragmentation(HALF_HALF, true).measure(1500, 256 * GI, new int[] {1000, 1000}, TWO), 1e-9);
  }

  /**
   * A 500 share arrives. Node a has devices (500, 1000) with F = 250: on device 0 F becomes 0
   * (score +250), on device 1 F becomes 500 (−250). Node b, empty, goes from 0 to 250 (−250). The
   * scheduler picks a, device 0.
   */
  @Test
  void placementMinimisesFragmentationGrowth() {
    var snapshot = Snapshot.of(List.of(gpuNode("a", 64000, 256 * GI, 2, "A10"), gpuNode("b", 64000, 256 * GI, 2, "A10")));
    snapshot.bind(sharedPod("old", 1000, GI, 500), "a", new GpuAllocation(List.of(0), 500));
    var scorer = new FragmentationScorer(HALF_HALF, 0, true);
    var pod = sharedPod("new", 1000, GI, 500);

    var onA = scorer.prepare(Demand.of(pod), snapshot).score(snapshot.node("a").orElseThrow());
    var onB = scorer.prepare(Demand.of(pod), snapshot).score(snapshot.node("b").orElseThrow());
    var d = new Scheduler(new Profile("fgd", Profile.defaultFilters(), scorer), new SplittableRandom(3)).place(snapshot, pod);

    assertEquals(250, onA.score(), 1e-9);
    assertEquals(List.of(0), onA.gpus().devices());
    assertEquals(-250, onB.score(), 1e-9);
    assertEquals("a", d.node().orElseThrow());
  }

  @Test
  void wholeGpuPodAvoidsBreakingAnEmptyNode() {
    var snapshot = Snapshot.of(List.of(gpuNode("empty", 64000, 256 * GI, 2, "A10"), gpuNode("used", 64000, 256 * GI, 2, "A10")));
    snapshot.bind(gpuPod("old", 1000, GI, 1), "used", new GpuAllocation(List.of(0), 1000));
    var two = new WorkloadProfile(List.of(new TaskShape(1000, 0, 2, 1000, Set.of(), 0.5),
        new TaskShape(1000, 0, 1, 1000, Set.of(), 0.5)));
    var scheduler = new Scheduler(Profile.fragmentationAware(two), new SplittableRandom(5));
    assertEquals("used", scheduler.place(snapshot, gpuPod("new", 1000, GI, 1)).node().orElseThrow());
  }

  @Test
  void workloadProfileWeightsShapesByFrequency() {
    var w = WorkloadProfile.of(List.of(Demand.of(pod("a", 1000, GI)), Demand.of(pod("b", 1000, GI)),
        Demand.of(gpuPod("c", 1000, GI, 1)), Demand.of(sharedPod("d", 1000, GI, 300))));
    assertEquals(3, w.shapes().size());
    assertEquals(0.5, w.shapes().get(0).weight(), 1e-9);
    assertEquals(0, w.shapes().get(0).gpuCount());
  }
}
