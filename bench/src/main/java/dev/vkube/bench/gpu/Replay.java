package dev.vkube.bench.gpu;

import dev.vkube.scheduler.Profile;
import dev.vkube.scheduler.Scheduler;
import dev.vkube.scheduler.model.Pod;
import dev.vkube.scheduler.snapshot.Snapshot;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One seeded replay: tasks arrive one by one, each is placed or stays pending for good (no
 * departures, no preemption, no retries), and after every arrival the allocated milli-GPUs are
 * sampled at each {@link #STEP} of arrived GPU demand (shares of the cluster's milli-GPUs).
 */
final class Replay {
  static final int STEP = 10;

  /**
   * Placement time is reported both as the placing thread's cpu time ({@code placeNanos}) and
   * as wall time: the benchmark machine is shared, and other processes' load inflates wall time.
   */
  record Result(double[] allocatedAt, double allocatedAtEnd, int pods, int placed, long placeNanos, long wallNanos) {}

  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private Replay() {}

  /** {@code allocatedAt[k]} = allocated share (%) when arrived demand first reached (k+1)×10%. */
  static Result run(List<TraceNode> nodes, List<TraceTask> arrivals, long gpuCapacity, Profile profile,
      SplittableRandom random) {
    Snapshot snapshot = Snapshot.of(nodes.stream().map(TraceCluster::node).toList());
    var scheduler = new Scheduler(profile, random);
    List<Pod> pods = arrivals.stream().map(TraceCluster::pod).toList();
    double[] at = new double[(int) Math.ceil(arrivedShare(arrivals, gpuCapacity) / STEP) + 1];
    Arrays.fill(at, Double.NaN);
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
      int step = (int) Math.floor(100.0 * arrived / gpuCapacity / STEP);
      for (int k = 0; k < step && k < at.length; k++) {
        if (Double.isNaN(at[k])) {
          at[k] = 100.0 * allocated / gpuCapacity;
        }
      }
    }
    long wall = System.nanoTime() - wall0;
    return new Result(at, 100.0 * allocated / gpuCapacity, pods.size(), placed, nanos, wall);
  }

  private static double arrivedShare(List<TraceTask> arrivals, long gpuCapacity) {
    return 100.0 * arrivals.stream().mapToLong(TraceTask::gpuDemand).sum() / gpuCapacity;
  }
}
