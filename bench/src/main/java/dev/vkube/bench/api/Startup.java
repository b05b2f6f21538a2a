package dev.vkube.bench.api;

/**
 * One server start: wall time from fork to the first /readyz ok, the CPU the server had used by
 * then (which moves less than wall time on a crowded machine), its resident memory then, and once
 * settled: idle, {@link #SETTLE_SECONDS} after ready, when the post-ready warm-up and its collection
 * are done.
 */
record Startup(String label, long nanos, double cpuSeconds, double rssMebibytes, double settledRssMebibytes) {
  static final int SETTLE_SECONDS = 10;

  String line() {
    return String.format("%-34s %7.0f ms to /readyz ok (server cpu %.1f s), RSS at ready %.0f MiB, idle %d s later"
        + " %.0f MiB", label, nanos / 1e6, cpuSeconds, rssMebibytes, SETTLE_SECONDS, settledRssMebibytes);
  }
}
