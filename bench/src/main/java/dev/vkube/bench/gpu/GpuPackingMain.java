package dev.vkube.bench.gpu;

import dev.vkube.scheduler.Profile;
import dev.vkube.scheduler.gpu.WorkloadProfile;
import dev.vkube.scheduler.score.RequestedToCapacityRatio;
import dev.vkube.scheduler.score.ResourceWeights;
import dev.vkube.scheduler.snapshot.Demand;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Trace-replay packing benchmark (bench/bin/gpu-packing). Usage:
 * {@code NODES.csv PODS.csv [--policy P] [--seeds 10] [--inflation 1.3]}; seeds are 42, 43, ...
 * as in the paper's runs. Prints, per seed, the allocated milli-GPU share at each 10% of arrived
 * demand, then the means over seeds. allocated@130% is the share at the end of the replay, which
 * stops near inflation × capacity of arrived demand. pods/s counts placement attempts (placed or
 * not) per second of the placing thread's cpu time.
 */
public final class GpuPackingMain {
  static final int FIRST_SEED = 42;

  private GpuPackingMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: gpu-packing NODES.csv PODS.csv [--policy fragmentation|fgd|fgd-all|most|least|rtcr]"
          + " [--seeds 10] [--inflation 1.3] [--order shuffle|time]");
      System.exit(2);
    }
    String policy = "fragmentation";
    int seeds = 10;
    double inflation = 1.3;
    Arrivals.Order order = Arrivals.Order.SHUFFLE;
    for (int i = 2; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--policy" -> policy = args[i + 1];
        case "--seeds" -> seeds = Integer.parseInt(args[i + 1]);
        case "--inflation" -> inflation = Double.parseDouble(args[i + 1]);
        case "--order" -> order = Arrivals.Order.valueOf(args[i + 1].toUpperCase(Locale.ROOT));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<TraceNode> nodes = TraceCsv.nodes(Path.of(args[0]));
    List<TraceTask> tasks = TraceCsv.tasks(Path.of(args[1]));
    long gpuCapacity = nodes.stream().mapToLong(n -> n.gpus() * 1000L).sum();
    Profile profile = profile(policy, tasks);
    System.out.printf(Locale.ROOT, "# nodes=%d gpus=%d tasks=%d policy=%s seeds=%d inflation=%.2f order=%s%n",
        nodes.size(), gpuCapacity / 1000, tasks.size(), profile.name(), seeds, inflation,
        order.name().toLowerCase(Locale.ROOT));
    int last = (int) Math.round(inflation * 100);
    double sum100 = 0;
    double sumEnd = 0;
    long pods = 0;
    long nanos = 0;
    long wall = 0;
    for (int s = 0; s < seeds; s++) {
      var random = new SplittableRandom(FIRST_SEED + s);
      var arrivals = Arrivals.of(tasks, inflation, gpuCapacity, order, random.split());
      Replay.Result r = Replay.run(nodes, arrivals, gpuCapacity, profile, random.split());
      System.out.println(line(FIRST_SEED + s, r, last));
      sum100 += at(r, 100);
      sumEnd += at(r, last);
      pods += r.pods();
      nanos += r.placeNanos();
      wall += r.wallNanos();
    }
    System.out.printf(Locale.ROOT, "# pods/s by wall clock (replay loop, other load included): %.0f%n",
        pods / (wall / 1e9));
    System.out.printf(Locale.ROOT, "allocated@100%%: %.2f allocated@%.0f%%: %.2f pods/s: %.0f%n", sum100 / seeds,
        inflation * 100, sumEnd / seeds, pods / (nanos / 1e9));
  }

  /**
   * The allocation at {@code percent} arrived; when no arrival rounds to it, the mean of the
   * neighbouring bins, as the paper's analysis falls back to ±1%; else the end of the run.
   */
  static double at(Replay.Result r, int percent) {
    if (!Double.isNaN(r.at(percent))) {
      return r.at(percent);
    }
    double lo = r.at(percent - 1);
    double hi = r.at(percent + 1);
    if (Double.isNaN(lo) && Double.isNaN(hi)) {
      return r.allocatedAtEnd();
    }
    return Double.isNaN(lo) ? hi : Double.isNaN(hi) ? lo : (lo + hi) / 2;
  }

  static Profile profile(String policy, List<TraceTask> tasks) {
    return switch (policy) {
      case "fragmentation" -> Profile.fragmentationAware(workload(tasks));
      case "fgd" -> paperFgd("FGD", tasks, PaperFgdScorer.POPULARITY);
      case "fgd-all" -> paperFgd("FGD-all-shapes", tasks, 1.0);
      case "most" -> Profile.mostAllocated(ResourceWeights.DEFAULT);
      case "least" -> Profile.leastAllocated(ResourceWeights.DEFAULT);
      case "rtcr" -> Profile.requestedToCapacityRatio(RequestedToCapacityRatio.BIN_PACKING, ResourceWeights.DEFAULT);
      default -> throw new IllegalArgumentException("unknown policy " + policy);
    };
  }

  /** The paper's FGD: its scorer and no rule keeping cpu-only pods off GPU nodes. */
  private static Profile paperFgd(String name, List<TraceTask> tasks, double coverage) {
    return new Profile(name, Profile.defaultFilters(), new PaperFgdScorer(WorkloadProfile.typical(demands(tasks), coverage)),
        false);
  }

  private static WorkloadProfile workload(List<TraceTask> tasks) {
    return WorkloadProfile.of(demands(tasks));
  }

  private static List<Demand> demands(List<TraceTask> tasks) {
    return tasks.stream().map(t -> Demand.of(TraceCluster.pod(t))).toList();
  }

  private static String line(int seed, Replay.Result r, int last) {
    var sb = new StringBuilder(String.format(Locale.ROOT, "seed %d:", seed));
    for (int k = Replay.STEP; k <= last; k += Replay.STEP) {
      sb.append(String.format(Locale.ROOT, " %d%%=%.2f", k, at(r, k)));
    }
    sb.append(String.format(Locale.ROOT, " end=%.2f@%.2f placed=%d/%d", r.allocatedAtEnd(), r.arrivedAtEnd(),
        r.placed(), r.pods()));
    return sb.toString();
  }
}
