package dev.vkube.e2e.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fixed set of single-threaded workers, each pod always on the same one: one pod's work stays in
 * order (a delete's stop after the start it follows), different pods' run side by side, as the
 * kubelet's pod workers (pod_workers.go, one goroutine per pod) and kube-scheduler's binding cycles
 * (one goroutine per pod) do. One thread for all pods made the simulated host's API round trips
 * one at a time: 1,000 pods' binds, events and status writes queued behind each other (issue 6).
 */
final class PodWorkers implements AutoCloseable {
  private final List<ExecutorService> workers = new ArrayList<>();

  PodWorkers(String name, int count) {
    for (int i = 0; i < count; i++) {
      String threadName = name + "-" + i;
      workers.add(Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, threadName);
        t.setDaemon(true);
        return t;
      }));
    }
  }

  /** Runs {@code task} after every earlier task of the same pod. */
  void submit(String namespace, String name, Runnable task) {
    workers.get(Math.floorMod((namespace + "/" + name).hashCode(), workers.size())).submit(task);
  }

  @Override
  public void close() {
    workers.forEach(ExecutorService::shutdownNow);
  }
}
