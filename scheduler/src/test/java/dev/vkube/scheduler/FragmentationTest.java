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

  /**
   * Same cluster, growth counted in units of 300 milli-GPU rounded up: on a the growth is −250,
   * ceil(−250 / 300) = 0, so the score is 0 (as for a node where nothing changes); on b it is +250,
   * ceil(250 / 300) = 1, score −1; with units of 100, b's +250 costs ceil(2.5) = 3 units.
   */
  @Test
  void growthUnitRoundsGrowthUpToWholeUnits() {
    var snapshot = Snapshot.of(List.of(gpuNode("a", 64000, 256 * GI, 2, "A10"), gpuNode("b", 64000, 256 * GI, 2, "A10")));
    snapshot.bind(sharedPod("old", 1000, GI, 500), "a", new GpuAllocation(List.of(0), 500));
    var pod = Demand.of(sharedPod("new", 1000, GI, 500));
    var units300 = new FragmentationScorer(HALF_HALF, 0, true, 300).prepare(pod, snapshot);
    var units100 = new FragmentationScorer(HALF_HALF, 0, true, 100).prepare(pod, snapshot);

    assertEquals(0, units300.score(snapshot.node("a").orElseThrow()).score(), 1e-9);
    assertEquals(-1, units300.score(snapshot.node("b").orElseThrow()).score(), 1e-9);
    assertEquals(-3, units100.score(snapshot.node("b").orElseThrow()).score(), 1e-9);
    assertEquals(List.of(0), units300.score(snapshot.node("a").orElseThrow()).gpus().devices());
  }

  /**
   * Six pods: three cpu-only of 1 cpu (two memory sizes, one shape without memory), two whole
   * GPUs, one 300 share. Coverage 0.8 of 6 = 4.8 pods: cpu-only (3) then whole GPU (5) reach it,
   * the share is left out, and the kept weights are 3/5 and 2/5.
   */
  @Test
  void typicalShapesCoverThePopularPodsWithoutMemory() {
    var w = WorkloadProfile.typical(List.of(Demand.of(pod("a", 1000, GI)), Demand.of(pod("b", 1000, 2 * GI)),
        Demand.of(pod("c", 1000, GI)), Demand.of(gpuPod("d", 8000, GI, 1)), Demand.of(gpuPod("e", 8000, 4 * GI, 1)),
        Demand.of(sharedPod("f", 1000, GI, 300))), 0.8);
    assertEquals(2, w.shapes().size());
    assertEquals(new TaskShape(1000, 0, 0, 0, Set.of(), 0.6), w.shapes().get(0));
    assertEquals(new TaskShape(8000, 0, 1, 1000, Set.of(), 0.4), w.shapes().get(1));
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
