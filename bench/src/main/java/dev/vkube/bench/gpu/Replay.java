package dev.vkube.bench.gpu;

import dev.vkube.scheduler.Profile;
import dev.vkube.scheduler.Scheduler;
import dev.vkube.scheduler.model.Pod;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One seeded replay: tasks arrive one by one, each is placed or stays pending for good (no
 * departures, no preemption, no retries). After every arrival the arrived and the allocated
 * milli-GPUs are taken as shares of the cluster's; the allocation "at k% arrived" is the mean over
 * the arrivals whose arrived share rounds to k%, as the paper's analysis computes it
 * (hkust-adsl/kubernetes-scheduler-simulator {@code experiments/analysis/merge_alloc_discrete_0920.py}:
 * {@code round(arrived / total)} bins, mean of {@code used_gpu_milli / total} per bin).
 */
final class Replay {
  static final int STEP = 10;
  /** Bins 0..MAX_PERCENT of arrived demand. */
  static final int MAX_PERCENT = 200;

  /**
   * Placement time is reported both as the placing thread's cpu time ({@code placeNanos}) and
   * as wall time: the benchmark machine is shared, and other processes' load inflates wall time.
   */
  record Result(double[] allocatedAt, double allocatedAtEnd, double arrivedAtEnd, int pods, int placed,
      long placeNanos, long wallNanos) {
    /** Mean allocation (%) over the arrivals whose arrived share rounds to {@code percent}. */
    double at(int percent) {
      return percent < allocatedAt.length ? allocatedAt[percent] : Double.NaN;
    }
  }

  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private Replay() {}

  static Result run(List<TraceNode> nodes, List<TraceTask> arrivals, long gpuCapacity, Profile profile,
      SplittableRandom random) {
    Snapshot snapshot = Snapshot.of(nodes.stream().map(TraceCluster::node).toList());
    var scheduler = new Scheduler(profile, random);
    List<Pod> pods = arrivals.stream().map(TraceCluster::pod).toList();
    double[] sum = new double[MAX_PERCENT + 1];
    int[] count = new int[MAX_PERCENT + 1];
    long arrived = 0;
    long allocated = 0;
    long nanos = 0;
    int placed = 0;
    long wall0 = System.nanoTime();
    for (int i = 0; i < pods.size(); i++) {
      long t0 = CPU.getCurrentThreadCpuTime();
      var d = scheduler.place(snapshot, pods.get(i));
      nanos += CPU.getCurrentThreadCpuTime() - t0;
      long demand = arrivals.get(i).gpuDemand();
      arrived += demand;
      allocated += d.isPlaced() ? demand : 0;
      placed += d.isPlaced() ? 1 : 0;
      int bin = (int) Math.round(100.0 * arrived / gpuCapacity);
      if (bin <= MAX_PERCENT) {
        sum[bin] += 100.0 * allocated / gpuCapacity;
        count[bin]++;
      }
    }
    long wall = System.nanoTime() - wall0;
    double[] at = new double[MAX_PERCENT + 1];
    for (int k = 0; k <= MAX_PERCENT; k++) {
      at[k] = count[k] == 0 ? Double.NaN : sum[k] / count[k];
    }
    return new Result(at, 100.0 * allocated / gpuCapacity, 100.0 * arrived / gpuCapacity, pods.size(), placed,
        nanos, wall);
  }
}
