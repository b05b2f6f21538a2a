package dev.vkube.scheduler.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.scheduler.model.GpuDevice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scorer measures "after placement" from the node's memoised device part moved by the devices
 * the pod takes ({@link Fragmentation#moveDevice}); that must equal, to the bit, the measure
 * recomputed over all devices, which is how the scorer measured before (and what the decisions
 * were tuned on). Random workloads (with and without model restrictions) and random free states.
 */
class FragmentationIncrementTest {
  private static final String[] MODELS = {"A10", "T4", "V100"};
  private static final int[] MILLI = {0, 100, 250, 300, 460, 500, 750, 1000};

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 4711})
  void movedPartMeasuresAsTheDirectComputation(long seed) {
    var random = new SplittableRandom(seed);
    int nonZero = 0;
    for (boolean modelRestricted : new boolean[] {false, true}) {
      var f = new Fragmentation(workload(random, modelRestricted), random.nextBoolean());
      for (int i = 0; i < 3000; i++) {
        int n = 1 + random.nextInt(8);
        List<GpuDevice> devices = devices(random, n);
        int[] free = new int[n];
        for (int d = 0; d < n; d++) {
          free[d] = MILLI[random.nextInt(MILLI.length)];
        }
        long cpu = 1000L * random.nextInt(12);
        long memory = (1L << 30) * random.nextInt(12);
        int[] part = f.devicePart(free, devices);
        double direct = f.measure(cpu, memory, free, devices);
        assertEquals(Double.doubleToLongBits(direct), Double.doubleToLongBits(f.measure(cpu, memory, part)));

        // take a random amount from 1-3 random devices, as a whole-GPU or shared pod would
        int[] after = free.clone();
        for (int k = 1 + random.nextInt(3); k > 0; k--) {
          int d = random.nextInt(n);
          int take = random.nextInt(after[d] + 1);
          f.moveDevice(part, after[d], after[d] - take, devices.get(d).model());
          after[d] -= take;
        }
        double expected = f.measure(cpu, memory, after, devices);
        nonZero += expected != 0 ? 1 : 0;
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(f.measure(cpu, memory, part)),
            () -> "cpu=" + cpu + " memory=" + memory + " free=" + Arrays.toString(free) + " after="
                + Arrays.toString(after) + " " + devices);
      }
    }
    assertTrue(nonZero > 1000, "most random states must have some fragmentation, not vacuous zeros: " + nonZero);
  }

  private static WorkloadProfile workload(SplittableRandom random, boolean modelRestricted) {
    var shapes = new ArrayList<TaskShape>();
    int n = 3 + random.nextInt(20);
    for (int i = 0; i < n; i++) {
      int kind = random.nextInt(3);
      int count = kind == 0 ? 0 : kind == 1 ? 1 + random.nextInt(4) : 1;
      int milli = kind == 0 ? 0 : kind == 1 ? 1000 : MILLI[1 + random.nextInt(MILLI.length - 2)];
      Set<String> models = modelRestricted && kind != 0 && random.nextBoolean()
          ? Set.of(MODELS[random.nextInt(MODELS.length)]) : Set.of();
      shapes.add(new TaskShape(1000L * random.nextInt(8), (1L << 30) * random.nextInt(8), count, milli, models,
          random.nextDouble()));
    }
    return new WorkloadProfile(shapes);
  }

  private static List<GpuDevice> devices(SplittableRandom random, int n) {
    var out = new ArrayList<GpuDevice>(n);
    boolean mixed = random.nextBoolean();
    String model = MODELS[random.nextInt(MODELS.length)];
    for (int d = 0; d < n; d++) {
      out.add(GpuDevice.of(mixed ? MODELS[random.nextInt(MODELS.length)] : model));
    }
    return out;
  }
}
