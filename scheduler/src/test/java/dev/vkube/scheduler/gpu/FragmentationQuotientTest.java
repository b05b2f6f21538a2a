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
}
