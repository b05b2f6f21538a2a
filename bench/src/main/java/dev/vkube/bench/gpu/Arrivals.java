package dev.vkube.bench.gpu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The arrival sequence of the paper's simulator (hkust-adsl/kubernetes-scheduler-simulator): the
 * file's tasks by creation time, ties by name, then "inflation" copies of tasks drawn uniformly
 * with replacement until there are {@code ratio} times as many. We also stop drawing when the
 * copies would take total cpu or GPU requests past {@code ratio} times the cluster's capacity, so
 * the run ends near ratio × capacity of arrived demand whatever the file's own demand is.
 */
final class Arrivals {
  private Arrivals() {}

  static List<TraceTask> of(List<TraceTask> tasks, double ratio, long cpuCapacity, long gpuCapacity,
      RandomGenerator random) {
    var ordered = new ArrayList<>(tasks);
    ordered.sort(Comparator.comparingLong(TraceTask::creationTime).thenComparing(TraceTask::name));
    long cpu = ordered.stream().mapToLong(TraceTask::cpuMilli).sum();
    long gpu = ordered.stream().mapToLong(TraceTask::gpuDemand).sum();
    int target = (int) Math.ceil(tasks.size() * ratio);
    var out = new ArrayList<>(ordered);
    for (int i = 0; out.size() < target; i++) {
      TraceTask pick = ordered.get(random.nextInt(ordered.size()));
      cpu += pick.cpuMilli();
      gpu += pick.gpuDemand();
      if (cpu > ratio * cpuCapacity || gpu > ratio * gpuCapacity) {
        break;
      }
      out.add(pick.renamed(pick.name() + "-clone-" + i));
    }
    return out;
  }
}
