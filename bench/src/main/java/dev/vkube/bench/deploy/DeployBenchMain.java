package dev.vkube.bench.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.bench.api.EtcdProcess;
import dev.vkube.bench.api.Kubeconfig;
import dev.vkube.bench.api.ProcessCpu;
import dev.vkube.bench.api.ServerProcess;
import dev.vkube.bench.api.StartupProbe;
import dev.vkube.bench.api.TlsContexts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * deploy-bench (issue 5): one etcd, one vkube-apiserver with its controllers, a few stand-in Nodes and
 * a stand-in kubelet; N Deployments of R replicas created at once, timed until every one reports
 * availableReplicas=R for its current generation, with the CPU the server's controller threads (and
 * the whole server) spent from the first create to the last available Deployment.
 */
public final class DeployBenchMain {
  static final String NAMESPACE = "deploy-bench";
  private static final PrintStream OUT = System.out;
  private final DeployBenchOptions options;
  private final Path workDir;

  private DeployBenchMain(DeployBenchOptions options, Path workDir) {
    this.options = options;
    this.workDir = workDir;
  }

  public static void main(String[] args) throws Exception {
    DeployBenchOptions options;
    try {
      options = DeployBenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("deploy-bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    Path workDir = options.workDir() != null ? Files.createDirectories(options.workDir())
        : Files.createTempDirectory("vkube-deploy-bench-");
    OUT.println("deploy-bench: work dir " + workDir + " (etcd and server logs), "
        + Runtime.getRuntime().availableProcessors() + " cores");
    OUT.println("load average at start: " + loadAverage());
    boolean met = new DeployBenchMain(options, workDir).run();
    OUT.println("load average at end: " + loadAverage());
    System.exit(met ? 0 : 1);
  }

  private boolean run() throws Exception {
    try (EtcdProcess etcd = EtcdProcess.start(options.etcdBinary(), workDir);
        ServerProcess server = ServerProcess.start(options.jar(), options.serverJvmOptions(), etcd.clientUrl(),
            workDir.resolve("server-data"), workDir.resolve("server.log"))) {
      long readyNanos = new StartupProbe().awaitReady(server);
      OUT.printf("server pid %d ready in %.1f s (etcd at %s)%n", server.pid(), readyNanos / 1e9, etcd.clientUrl());
      Kubeconfig kubeconfig = Kubeconfig.read(server.kubeconfig());
      SSLContext tls = TlsContexts.admin(kubeconfig);
      Cluster control = Cluster.connect(kubeconfig.server(), tls, "bench-control");
      createNamespace(control);
      try (StandInNodes nodes = new StandInNodes(control);
          StandInKubelet kubelet = new StandInKubelet(Cluster.connect(kubeconfig.server(), tls, "bench-kubelet"),
              NAMESPACE).start()) {
        OUT.println("registered nodes " + nodes.register(options.nodes()));
        return measure(server, etcd, kubeconfig, tls, control, kubelet);
      }
    }
  }

  private boolean measure(ServerProcess server, EtcdProcess etcd, Kubeconfig kubeconfig, SSLContext tls,
      Cluster control, StandInKubelet kubelet) throws Exception {
    ThreadCpu serverThreads = new ThreadCpu(server.pid());
    Map<String, Double> cpuStart = serverThreads.read();
    double etcdStart = ProcessCpu.seconds(etcd.pid());
    double benchStart = ProcessCpu.seconds(ProcessHandle.current().pid());
    long start = System.nanoTime();
    DeploymentLoad load = new DeploymentLoad(Cluster.connect(kubeconfig.server(), tls, "bench-creates"), NAMESPACE,
        options);
    DeploymentLoad.Created created = load.createAll();
    OUT.printf("created %d Deployments in %.1f s (%.0f creates/s), %d failed%n", created.succeeded(),
        created.nanos() / 1e9, created.succeeded() / (created.nanos() / 1e9), created.failed());
    Availability.Outcome outcome = new Availability(control, NAMESPACE, options.replicas(), created.succeeded())
        .await(start, options.timeout(), line -> OUT.println(line + String.format(", kubelet reported %d pods",
            kubelet.reported())));
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Double> cpu = ThreadCpu.since(serverThreads.read(), cpuStart);
    double etcdCpu = ProcessCpu.seconds(etcd.pid()) - etcdStart;
    double benchCpu = ProcessCpu.seconds(ProcessHandle.current().pid()) - benchStart;
    boolean met = outcome.allAvailable() && created.failed() == 0 && seconds < 60;
    OUT.println();
    OUT.printf("RESULT %d Deployments x %d replicas on %d nodes: %s after %.1f s (target < 60 s: %s)%n",
        options.deployments(), options.replicas(), options.nodes(), outcome.allAvailable() ? "all available"
            : "NOT all available (" + outcome.available() + ")", seconds, met ? "met" : "missed");
    OUT.printf("  creates: %.0f/s (%d in %.1f s, %d in flight); pods reported Running/Ready by the stand-in "
        + "kubelet: %d (%d conflicts, %d failures)%n", created.succeeded() / (created.nanos() / 1e9),
        created.succeeded(), created.nanos() / 1e9, options.concurrency(), kubelet.reported(), kubelet.conflicts(),
        kubelet.failures());
    OUT.printf("  server CPU from first create to all available: %.1f s in all (%.0f%% of one core)%n",
        cpu.get("process total"), 100 * cpu.get("process total") / seconds);
    cpu.forEach((group, s) -> {
      if (!group.equals("process total")) {
        OUT.printf("    %-28s %6.1f s%n", group, s);
      }
    });
    OUT.printf("  controller CPU: %.1f s; etcd CPU: %.1f s; bench client (creates, kubelet, polls) CPU: %.1f s%n",
        cpu.get(ThreadCpu.CONTROLLERS), etcdCpu, benchCpu);
    OUT.printf("  server memory: peak RSS %.0f MiB (VmHWM), RSS at end %.0f MiB%n",
        PeakMemory.peakMebibytes(server.pid()), server.rssMebibytes());
    // A node that lost its lease during the run would be tainted and its pods evicted: not a valid run.
    for (JsonNode node : control.get("/api/v1/nodes").orThrow("list nodes").body().path("items")) {
      OUT.printf("  node %s: taints %s%n", node.path("metadata").path("name").asText(), node.path("spec")
          .path("taints").isMissingNode() ? "none" : node.path("spec").path("taints"));
    }
    return met;
  }

  private void createNamespace(Cluster control) throws InterruptedException {
    ObjectNode ns = Cluster.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
    ns.putObject("metadata").put("name", NAMESPACE);
    Cluster.Reply reply = control.post("/api/v1/namespaces", ns);
    if (!reply.ok() && reply.code() != 409) {
      reply.orThrow("create namespace");
    }
    // Pods are admitted only once the namespace's default ServiceAccount exists (ServiceAccount admission).
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!control.get("/api/v1/namespaces/" + NAMESPACE + "/serviceaccounts/default").ok()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no default ServiceAccount in " + NAMESPACE + " after 30 s");
      }
      Thread.sleep(100);
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  static boolean available(JsonNode deployment, int replicas) {
    JsonNode status = deployment.path("status");
    return status.path("availableReplicas").asInt() == replicas && status.path("updatedReplicas").asInt() == replicas
        && status.path("observedGeneration").asLong() >= deployment.path("metadata").path("generation").asLong(1);
  }
}
