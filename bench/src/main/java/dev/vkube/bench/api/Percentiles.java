package dev.vkube.bench.api;

import java.util.Arrays;

/**
 * Nearest-rank percentiles of a sample, computed once on a sorted copy. Nearest rank (not
 * interpolation) so that every figure printed is a value that was actually measured.
 */
record Percentiles(int count, long p50, long p90, long p99, long max) {

  static Percentiles of(long[] samples, int count) {
    if (count == 0) {
      return new Percentiles(0, 0, 0, 0, 0);
    }
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    return new Percentiles(count, rank(sorted, 50), rank(sorted, 90), rank(sorted, 99), sorted[count - 1]);
  }

  private static long rank(long[] sorted, double percent) {
    int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** Nanosecond samples rendered as milliseconds with one decimal. */
  String millis() {
    return String.format("p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms (n=%d)",
        ms(p50), ms(p90), ms(p99), ms(max), count);
  }

  static double ms(long nanos) {
    return nanos / 1e6;
  }
}
