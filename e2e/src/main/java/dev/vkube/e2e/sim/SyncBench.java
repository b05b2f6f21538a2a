package dev.vkube.e2e.sim;

import dev.vkube.syncer.Kubeconfigs;
import dev.vkube.syncer.names.Markers;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The syncer benchmark (issue 6, run by bench/bin/sync-bench against bin/vkube up NAME --sim-host):
 * N pods created in the virtual cluster, time until all run on the host and until their Running
 * status is back in the virtual cluster; then one pod at a time, create-to-Running-in-the-virtual-
 * cluster latency p50/p99; and the tenant process's CPU time and resident memory (server and syncer
 * share the process).
 */
public final class SyncBench {
  private SyncBench() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> flags = new java.util.HashMap<>();
    for (String a : args) {
      String[] kv = a.substring(2).split("=", 2);
      flags.put(kv[0], kv[1]);
    }
    int pods = Integer.parseInt(flags.getOrDefault("pods", "1000"));
    int samples = Integer.parseInt(flags.getOrDefault("latency-samples", "50"));
    String hostNamespace = flags.get("host-namespace");
    long pid = Long.parseLong(flags.getOrDefault("tenant-pid", "-1"));
    try (KubernetesClient virtual = Kubeconfigs.client(Path.of(flags.get("tenant-kubeconfig")));
        KubernetesClient host = Kubeconfigs.client(Path.of(flags.get("host-kubeconfig")))) {
      String ns = "bench-" + Long.toHexString(System.currentTimeMillis());
      virtual.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
      waitForDefaultServiceAccount(virtual, ns);
      Set<String> hostRunning = ConcurrentHashMap.newKeySet();
      Map<String, Long> virtualRunning = new ConcurrentHashMap<>();
      var hostWatch = host.pods().inNamespace(hostNamespace).withLabel(Markers.NAMESPACE_LABEL, ns)
          .watch(running(p -> hostRunning.add(p.getMetadata().getName())));
      var virtualWatch = virtual.pods().inNamespace(ns)
          .watch(running(p -> virtualRunning.putIfAbsent(p.getMetadata().getName(), System.nanoTime())));
      long cpu0 = cpuTicks(pid);
      long t0 = System.nanoTime();
      ExecutorService creators = Executors.newFixedThreadPool(8);
      for (int i = 0; i < pods; i++) {
        String name = "load-" + i;
        creators.submit(() -> virtual.pods().inNamespace(ns).resource(pod(name)).create());
      }
      creators.shutdown();
      creators.awaitTermination(10, TimeUnit.MINUTES);
      long created = System.nanoTime();
      long hostAll = waitUntil(() -> hostRunning.size() >= pods, 600);
      long virtualAll = waitUntil(() -> virtualRunning.size() >= pods, 600);
      long cpu1 = cpuTicks(pid);
      System.out.printf("pods=%d created_s=%.1f all_running_on_host_s=%.1f all_running_in_virtual_s=%.1f%n", pods,
          secs(created - t0), secs(hostAll - t0), secs(virtualAll - t0));
      System.out.printf("tenant_cpu_s=%.1f (server+syncer, during the %d-pod phase) tenant_rss_mib=%d%n",
          (cpu1 - cpu0) / 100.0, pods, rssKib(pid) / 1024);
      List<Long> latencies = new ArrayList<>();
      for (int i = 0; i < samples; i++) {
        String name = "one-" + i;
        long start = System.nanoTime();
        virtual.pods().inNamespace(ns).resource(pod(name)).create();
        waitUntil(() -> virtualRunning.containsKey(name), 60);
        latencies.add((virtualRunning.get(name) - start) / 1_000_000);
      }
      Collections.sort(latencies);
      System.out.printf("one_pod_create_to_virtual_running_ms samples=%d p50=%d p99=%d max=%d%n", samples,
          percentile(latencies, 50), percentile(latencies, 99), latencies.get(latencies.size() - 1));
      hostWatch.close();
      virtualWatch.close();
      virtual.namespaces().withName(ns).delete();
    }
  }

  private static void waitForDefaultServiceAccount(KubernetesClient virtual, String ns) throws InterruptedException {
    waitUntil(() -> virtual.serviceAccounts().inNamespace(ns).withName("default").get() != null, 60);
  }

  private static Watcher<Pod> running(java.util.function.Consumer<Pod> onRunning) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        if (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())) {
          onRunning.accept(pod);
        }
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    };
  }

  private static Pod pod(String name) {
    return new PodBuilder().withNewMetadata().withName(name).addToLabels("app", "bench").endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("nginx").endContainer().endSpec().build();
  }

  private static long waitUntil(java.util.function.BooleanSupplier done, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not done in " + seconds + " s");
      }
      Thread.sleep(5);
    }
    return System.nanoTime();
  }

  private static long percentile(List<Long> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private static double secs(long nanos) {
    return nanos / 1e9;
  }

  /** utime + stime of a process in clock ticks (USER_HZ, 100 on Linux), or 0 without a pid. */
  private static long cpuTicks(long pid) throws java.io.IOException {
    if (pid < 0) {
      return 0;
    }
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static long rssKib(long pid) throws java.io.IOException {
    if (pid < 0) {
      return 0;
    }
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }
}
