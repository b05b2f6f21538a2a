package dev.vkube.bench.gpu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The arrival sequence of the paper's runs (hkust-adsl/kubernetes-scheduler-simulator, run scripts
 * {@code experiments/run_scripts/expected_run_scripts_0511.sh}: {@code -tune 1.3 -tuneseed S
 * --shuffle-pod=true}):
 *
 * <ol>
 *   <li>the file's tasks sorted by name, then shuffled from the seed ({@link Order#SHUFFLE}; the
 *       pod YAML the simulator reads carries no creation time, so no time order survives);
 *   <li>then "tuning" copies, each a task drawn uniformly with replacement from the file, appended
 *       until the next copy would take the total GPU request past {@code ratio} × the cluster's
 *       milli-GPUs (simulator {@code tuneUpPods}); cpu is not checked and the task count is not
 *       capped, so every run ends just below 130% of arrived GPU demand;
 *   <li>a file already asking for more than that loses tasks drawn at random until it fits
 *       ({@code tuneDownPods}).
 * </ol>
 *
 * <p>{@link Order#TIME} keeps the file's creation-time order instead (ties by name), as an online
 * scheduler would see the tasks; this is the order our first replay used.
 */
final class Arrivals {
  enum Order { SHUFFLE, TIME }

  private Arrivals() {}

  static List<TraceTask> of(List<TraceTask> tasks, double ratio, long gpuCapacity, Order order, RandomGenerator random) {
    var byName = new ArrayList<>(tasks);
    byName.sort(Comparator.comparing(TraceTask::name));
    var out = new ArrayList<>(byName);
    if (order == Order.SHUFFLE) {
      shuffle(out, random);
    } else {
      out.sort(Comparator.comparingLong(TraceTask::creationTime).thenComparing(TraceTask::name));
    }
    double target = ratio * gpuCapacity;
    long gpu = out.stream().mapToLong(TraceTask::gpuDemand).sum();
    while (gpu > target && !out.isEmpty()) {
      gpu -= out.remove(random.nextInt(out.size())).gpuDemand();
    }
    for (int i = 0; !byName.isEmpty(); i++) {
      TraceTask pick = byName.get(random.nextInt(byName.size()));
      if (gpu + pick.gpuDemand() > target) {
        break;
      }
      gpu += pick.gpuDemand();
      out.add(pick.renamed(pick.name() + "-tuned-" + i));
    }
    return out;
  }

  /** Fisher-Yates, from the last position down, as Go's rand.Shuffle. */
  private static void shuffle(List<TraceTask> list, RandomGenerator random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      list.set(i, list.set(j, list.get(i)));
    }
  }
}
