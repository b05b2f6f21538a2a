package dev.vkube.bench.api;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * api-bench: one etcd, one vkube-apiserver, and in one run the figures the API-server issue asks
 * for: start-up (fresh and reused PKI, with and without the class archive), create throughput against raw jetcd puts, full-list latency
 * (cache and consistent), watch fan-out latency, and resident memory. Steps run one after another so
 * that no two loads share the two cores.
 */
public final class ApiBenchMain {
  private static final PrintStream OUT = System.out;
  private final ApiBenchOptions options;
  private final Path workDir;

  private ApiBenchMain(ApiBenchOptions options, Path workDir) {
    this.options = options;
    this.workDir = workDir;
  }

  public static void main(String[] args) throws Exception {
    ApiBenchOptions options;
    try {
      options = ApiBenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("api-bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    Path workDir = options.workDir() != null ? Files.createDirectories(options.workDir())
        : Files.createTempDirectory("vkube-api-bench-");
    OUT.println("api-bench: work dir " + workDir + " (etcd and server logs), " + Runtime.getRuntime()
        .availableProcessors() + " cores");
    OUT.println("load average at start: " + loadAverage());
    Summary summary = new ApiBenchMain(options, workDir).run();
    summary.print(OUT);
    OUT.println("load average at end: " + loadAverage());
    System.exit(0);
  }

  private Summary run() throws Exception {
    try (EtcdProcess etcd = EtcdProcess.start(options.etcdBinary(), workDir)) {
      OUT.println("etcd at " + etcd.clientUrl());
      List<Startup> starts = new StartupStep(options, etcd.clientUrl(), workDir, OUT).run();
      // The other steps measure a server started as the runtime contract says, over a reused data dir.
      try (ServerProcess server = ServerProcess.start(options.jar(), options.serverJvmOptions(), etcd.clientUrl(),
          workDir.resolve("start-jar-1"), workDir.resolve("server.log"))) {
        new StartupProbe().awaitReady(server);
        return measure(etcd, server, starts);
      }
    }
  }

  private Summary measure(EtcdProcess etcd, ServerProcess server, List<Startup> starts) throws Exception {
    Kubeconfig kubeconfig = Kubeconfig.read(server.kubeconfig());
    TlsContexts.Managers tls = TlsContexts.adminManagers(kubeconfig);
    String url = kubeconfig.server();
    ProcessCpu cpu = new ProcessCpu(server.pid(), etcd.pid());
    List<Throughput> jetcd = new ArrayList<>();
    List<Throughput> creates;
    try (JetcdPutThroughput puts = new JetcdPutThroughput(etcd.clientUrl(), options.concurrency(),
        options.dataBytes())) {
      puts.run("jetcd warm-up", "/bench-jetcd/warm/", options.warmUp());
      jetcd.add(metered(cpu, () -> puts.run("jetcd put (before creates)", "/bench-jetcd/a/", options.creates())));
      creates = creates(url, tls, cpu);
      jetcd.add(metered(cpu, () -> puts.run("jetcd put (after creates)", "/bench-jetcd/b/", options.creates())));
    }
    // A run with failures did less work per request: it cannot be the headline figure.
    Throughput best = creates.stream().filter(t -> t.failures() == 0)
        .max(Comparator.comparingDouble(Throughput::perSecond)).orElse(creates.get(0));
    boolean reusable = options.creates() == options.listObjects() && creates.get(0).failures() == 0;
    ListLatency.Result[] lists = lists(KubeApi.open(url, tls, 1), cpu,
        reusable ? createNamespace(0, options.connectionCounts().get(0)) : null);
    WatchLatency.Result watch = watch(url, tls, kubeconfig, server, cpu);
    double rssAfter = server.rssMebibytes();
    return new Summary(starts, creates, best, jetcd, lists[0], lists[1], watch, rssAfter);
  }

  private List<Throughput> creates(String url, TlsContexts.Managers tls, ProcessCpu cpu) throws Exception {
    int most = options.connectionCounts().stream().max(Integer::compare).orElse(1);
    CreateThroughput warm = new CreateThroughput(KubeApi.open(url, tls, most), options.concurrency(),
        options.dataBytes());
    KubeApi.open(url, tls, 1).createNamespace("bench-warm-up");
    OUT.println(warm.run("create warm-up", "bench-warm-up", "cm-", options.warmUp()).line());
    List<Throughput> results = new ArrayList<>();
    for (int connections : options.connectionCounts()) {
      KubeApi api = KubeApi.open(url, tls, connections);
      String namespace = createNamespace(results.size(), connections);
      api.createNamespace(namespace);
      CreateThroughput creates = new CreateThroughput(api, options.concurrency(), options.dataBytes());
      results.add(metered(cpu, () -> creates.run("create, " + connections + " HTTP/2 connection(s)", namespace,
          "cm-", options.creates())));
    }
    return results;
  }

  private static String createNamespace(int run, int connections) {
    return "bench-create-" + (run + 1) + "-" + connections + "c";
  }

  /**
   * Times both kinds of full list over a namespace of exactly list-objects ConfigMaps: the first
   * create run's namespace when it holds that many ({@code reusable}), else one filled here.
   */
  private ListLatency.Result[] lists(KubeApi api, ProcessCpu cpu, String reusable) throws Exception {
    String namespace = reusable != null ? reusable : "bench-list";
    if (reusable == null) {
      api.createNamespace(namespace);
      CreateThroughput fill = new CreateThroughput(api, options.concurrency(), options.dataBytes());
      metered(cpu, () -> fill.run("create (filling bench-list)", namespace, "cm-", options.listObjects()));
    }
    OUT.println("lists of namespace " + namespace);
    ListLatency lists = new ListLatency(api);
    String path = ConfigMaps.path(namespace);
    ProcessCpu.Reading start = cpu.read();
    ListLatency.Result cached = lists.time("list, resourceVersion=0 (cache)", path + "?resourceVersion=0",
        options.listObjects(), options.listRepeats());
    OUT.println(cached.line());
    OUT.println(" ".repeat(35) + cpu.read().since(start).perOperation(options.listRepeats() + 3L, "list"));
    start = cpu.read();
    ListLatency.Result consistent = lists.time("list, consistent (no RV)", path, options.listObjects(),
        options.listRepeats());
    OUT.println(consistent.line());
    OUT.println(" ".repeat(35) + cpu.read().since(start).perOperation(options.listRepeats() + 3L, "list"));
    return new ListLatency.Result[] {cached, consistent};
  }

  private WatchLatency.Result watch(String url, TlsContexts.Managers tls, Kubeconfig kubeconfig, ServerProcess server,
      ProcessCpu cpu)
      throws Exception {
    KubeApi writer = KubeApi.open(url, tls, 1);
    WatchLatency.Result result;
    ProcessCpu.Reading start;
    try (WatchConnections watchers = new WatchConnections(url, TlsContexts.adminManagers(kubeconfig),
        options.watchConnections())) {
      watchers.warmUp();
      WatchLatency latency = new WatchLatency(writer, watchers, options.watchDataBytes(), server::rssMebibytes);
      if (options.watchWarmUp() > 0) {
        WatchLatency.Result warmUp = latency.run("bench-watch-warm-up", options.watchers(), options.watchWarmUp(),
            options.watchRate());
        OUT.println("watch warm-up (" + warmUp.objects() + " objects to " + warmUp.watchers() + " watchers, not counted): "
            + warmUp.delivery().millis() + ", missed=" + warmUp.missed());
      }
      start = cpu.read();
      result = latency.run("bench-watch", options.watchers(), options.watchObjects(), options.watchRate());
    }
    OUT.printf("watch: %d watchers over %d HTTP/2 connections, %d objects (%d B data) at %.0f/s%n",
        result.watchers(), options.watchConnections(), result.objects(), options.watchDataBytes(),
        result.ratePerSecond());
    OUT.printf("watch: opened in %.0f ms, all saw the sentinel %.0f ms after opening began%n",
        result.establishNanos() / 1e6, result.sentinelNanos() / 1e6);
    OUT.println("watch delivery latency (send to receipt): " + result.delivery().millis());
    OUT.println("watch create POST latency: " + result.createLatency().millis());
    OUT.printf("watch: missed=%d duplicates=%d unexpected=%d ended-early=%d%s%n", result.missed(),
        result.duplicates(), result.unexpected(), result.endedEarly(),
        result.firstProblem() == null ? "" : " first problem: " + result.firstProblem());
    OUT.println("watch (whole step, incl. opening) " + cpu.read().since(start)
        .perOperation((long) result.watchers() * result.objects(), "delivery"));
    return result;
  }

  /** The machine is shared: other engineers' builds in the same minutes skew every figure. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** A step whose result is printed with the CPU each process spent on it. */
  private interface Step {
    Throughput run() throws Exception;
  }

  private static Throughput metered(ProcessCpu cpu, Step step) throws Exception {
    ProcessCpu.Reading start = cpu.read();
    Throughput result = step.run().withCpu(cpu.read().since(start));
    OUT.println(result.line());
    return result;
  }
}
