package dev.vkube.scheduler.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vkube.scheduler.model.GpuDevice;
import org.junit.jupiter.api.Test;

/** The multiply-and-shift quotient in the fragmentation measure's inner loop is exact. */
class FragmentationQuotientTest {
  @Test
  void reciprocalQuotientEqualsIntegerDivisionForEveryDeviceShare() {
    int checked = 0;
    for (int milli = 1; milli <= GpuDevice.WHOLE; milli++) {
      long r = Fragmentation.reciprocal(milli);
      for (int free = 0; free <= GpuDevice.WHOLE; free++) {
        assertEquals(free / milli, Fragmentation.quotient(free, milli, r));
        checked++;
      }
    }
    assertEquals(1000 * 1001, checked);
  }

  @Test
  void largeValuesFallBackToDivision() {
    assertEquals(65535 / 3, Fragmentation.quotient(65535, 3, Fragmentation.reciprocal(3)));
    assertEquals(70000 / 3, Fragmentation.quotient(70000, 3, Fragmentation.reciprocal(3)));
    assertEquals(0, Fragmentation.reciprocal(70000));
    assertEquals(1, Fragmentation.quotient(70000, 70000, Fragmentation.reciprocal(70000)));
  }

  /** The double-based quotient of the depth rule (cpu milli, memory bytes) equals long division. */
  @Test
  void floorQuotientEqualsLongDivision() {
    var random = new java.util.SplittableRandom(7);
    long[] edges = {0, 1, 2, 3, 999, 1000, 1001, (1L << 30) - 1, 1L << 30, (1L << 52) + 1, (1L << 53) - 1,
        1L << 53, (1L << 53) + 1, Long.MAX_VALUE};
    int checked = 0;
    for (long dividend : edges) {
      for (long divisor : edges) {
        if (divisor > 0) {
          assertEquals(dividend / divisor, Fragmentation.floorQuotient(dividend, divisor), dividend + "/" + divisor);
          checked++;
        }
      }
    }
    for (int i = 0; i < 2_000_000; i++) {
      long divisor = 1 + random.nextLong(i % 2 == 0 ? 200_000 : 1L << 40);
      // Multiples of the divisor and their neighbours, where a rounded quotient could be off by one.
      long q = random.nextLong(1L << 20);
      long dividend = Math.max(0, Math.min(q * divisor + random.nextLong(-2, 3), (1L << 53) - 1));
      assertEquals(dividend / divisor, Fragmentation.floorQuotient(dividend, divisor), dividend + "/" + divisor);
      checked++;
    }
    assertEquals(13 * 14 + 2_000_000, checked);
  }
}
