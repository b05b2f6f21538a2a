package dev.vkube.bench.api;

/**
 * What one closed-loop write run measured: completed writes, wall time, failures, per-write latency
 * and, once {@link #withCpu} added it, the CPU each process spent on the run.
 */
record Throughput(String label, int count, long nanos, long failures, String firstFailure, Percentiles latency,
    ProcessCpu.Reading cpu) {

  Throughput(String label, int count, long nanos, long failures, String firstFailure, Percentiles latency) {
    this(label, count, nanos, failures, firstFailure, latency, null);
  }

  Throughput withCpu(ProcessCpu.Reading used) {
    return new Throughput(label, count, nanos, failures, firstFailure, latency, used);
  }

  double perSecond() {
    return count / (nanos / 1e9);
  }

  String line() {
    String main = String.format("%-34s %8.0f /s  (%d in %.2f s, failures=%d%s)  latency %s", label, perSecond(),
        count, nanos / 1e9, failures, firstFailure == null ? "" : " first: " + firstFailure, latency.millis());
    return cpu == null ? main : main + "\n" + " ".repeat(35) + cpu.perOperation(count, "write");
  }
}
