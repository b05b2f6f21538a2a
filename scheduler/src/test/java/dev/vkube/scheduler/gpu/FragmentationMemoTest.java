package dev.vkube.scheduler.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.scheduler.model.GpuDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The memo returns exactly (to the bit) what the direct measure computes, on random workloads and
 * random free states, including states that differ only by the order of their devices (they share
 * one memo entry, so the direct values must agree for both orders).
 */
class FragmentationMemoTest {
  private static final String[] MODELS = {"A10", "T4", "V100"};
  private static final int[] MILLI = {0, 100, 250, 300, 460, 500, 750, 1000};

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 4711})
  void memoEqualsDirectMeasureOnRandomStates(long seed) {
    var random = new SplittableRandom(seed);
    for (boolean modelRestricted : new boolean[] {false, true}) {
      var direct = new Fragmentation(workload(random, modelRestricted), random.nextBoolean());
      var memo = new FragmentationMemo(direct);
      int hits = 0;
      for (int i = 0; i < 5000; i++) {
        int n = 1 + random.nextInt(8);
        List<GpuDevice> devices = devices(random, n, random.nextBoolean());
        int[] free = new int[n];
        for (int d = 0; d < n; d++) {
          free[d] = MILLI[random.nextInt(MILLI.length)];
        }
        // small domains so that states repeat and the memo answers from its map
        long cpu = 1000L * random.nextInt(12);
        long memory = (1L << 30) * random.nextInt(12);
        int before = memo.size();
        double expected = direct.measure(cpu, memory, free.clone(), devices);
        double got = memo.measure(cpu, memory, free.clone(), devices);
        hits += memo.size() == before ? 1 : 0;
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(got),
            () -> "cpu=" + cpu + " memory=" + memory + " free=" + java.util.Arrays.toString(free) + " " + devices);

        // the same devices in reverse order: same memo key, same direct value
        int[] reversed = new int[n];
        var reversedDevices = new ArrayList<GpuDevice>(n);
        for (int d = 0; d < n; d++) {
          reversed[d] = free[n - 1 - d];
          reversedDevices.add(devices.get(n - 1 - d));
        }
        assertEquals(Double.doubleToLongBits(direct.measure(cpu, memory, reversed.clone(), reversedDevices)),
            Double.doubleToLongBits(memo.measure(cpu, memory, reversed, reversedDevices)));
      }
      assertTrue(hits > 500, "states repeat, so the memo must have answered from its map: " + hits);
    }
  }

  @Test
  void mapStaysBounded() {
    var memo = new FragmentationMemo(new Fragmentation(workload(new SplittableRandom(7), false), true));
    List<GpuDevice> one = List.of(GpuDevice.of("A10"));
    for (int i = 0; i < FragmentationMemo.MAX_ENTRIES + 100; i++) {
      memo.measure(i, 1L << 30, new int[] {500}, one);
    }
    assertTrue(memo.size() <= FragmentationMemo.MAX_ENTRIES, "size " + memo.size());
    assertTrue(memo.size() > 0);
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

  private static List<GpuDevice> devices(SplittableRandom random, int n, boolean mixed) {
    var out = new ArrayList<GpuDevice>(n);
    String model = MODELS[random.nextInt(MODELS.length)];
    for (int d = 0; d < n; d++) {
      out.add(GpuDevice.of(mixed ? MODELS[random.nextInt(MODELS.length)] : model));
    }
    return out;
  }
}
