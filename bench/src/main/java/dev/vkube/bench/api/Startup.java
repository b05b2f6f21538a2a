package dev.vkube.bench.api;

import java.util.List;
import java.util.stream.DoubleStream;

/**
 * One server start: wall time from fork to the first /readyz ok, the CPU the server had used by
 * then (which moves less than wall time on a crowded machine), its resident memory then, and once
 * settled: idle, {@link #SETTLE_SECONDS} after ready, when the post-ready warm-up and its collection
 * are done.
 */
record Startup(String label, long nanos, double cpuSeconds, double rssMebibytes, double settledRssMebibytes) {
  static final int SETTLE_SECONDS = 10;

  /** Median time, CPU and memory at ready over {@code runs}; the settled memory of the last run. */
  static Startup median(String label, List<Startup> runs) {
    return new Startup(label, (long) middle(runs.stream().mapToDouble(Startup::nanos)),
        middle(runs.stream().mapToDouble(Startup::cpuSeconds)), middle(runs.stream().mapToDouble(Startup::rssMebibytes)),
        runs.get(runs.size() - 1).settledRssMebibytes());
  }

  private static double middle(DoubleStream values) {
    double[] sorted = values.sorted().toArray();
    return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  String line() {
    String line = String.format("start, %-28s %7.0f ms to /readyz ok (server cpu %.1f s), RSS at ready %.0f MiB",
        label, nanos / 1e6, cpuSeconds, rssMebibytes);
    return Double.isNaN(settledRssMebibytes) ? line
        : line + String.format(", idle %d s later %.0f MiB", SETTLE_SECONDS, settledRssMebibytes);
  }
}
