package dev.vkube.bench.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Flags of deploy-bench ({@code --name=value}); the defaults are the load issue 5 asks for. */
record DeployBenchOptions(
    Path jar,
    Path etcdBinary,
    Path workDir,
    List<String> serverJvmOptions,
    int deployments,
    int replicas,
    int nodes,
    int concurrency,
    Duration timeout) {

  static final int DEFAULT_DEPLOYMENTS = 1_000;
  static final int DEFAULT_REPLICAS = 3;
  /** A few nodes, as a small tenant has; the pods are spread over them round-robin. */
  static final int DEFAULT_NODES = 4;
  /** Creates in flight at once ("created at once"): what a `kubectl apply -f dir/` burst or a CD tool sends. */
  static final int DEFAULT_CONCURRENCY = 64;
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  static DeployBenchOptions parse(String[] args) {
    Path jar = Path.of("apiserver-proxy/target/vkube-apiserver.jar");
    Path etcd = Path.of("/usr/bin/etcd");
    Path workDir = null;
    List<String> jvm = List.of();
    int deployments = DEFAULT_DEPLOYMENTS;
    int replicas = DEFAULT_REPLICAS;
    int nodes = DEFAULT_NODES;
    int concurrency = DEFAULT_CONCURRENCY;
    Duration timeout = DEFAULT_TIMEOUT;
    for (String arg : args) {
      String[] kv = arg.startsWith("--") && arg.contains("=") ? arg.substring(2).split("=", 2) : null;
      if (kv == null) {
        throw new IllegalArgumentException("unknown argument " + arg + " (flags are --name=value)");
      }
      switch (kv[0]) {
        case "jar" -> jar = Path.of(kv[1]);
        case "etcd" -> etcd = Path.of(kv[1]);
        case "work-dir" -> workDir = Path.of(kv[1]);
        case "server-jvm-options" -> jvm = kv[1].isBlank() ? List.of() : Arrays.asList(kv[1].trim().split("\\s+"));
        case "deployments" -> deployments = Integer.parseInt(kv[1]);
        case "replicas" -> replicas = Integer.parseInt(kv[1]);
        case "nodes" -> nodes = Integer.parseInt(kv[1]);
        case "concurrency" -> concurrency = Integer.parseInt(kv[1]);
        case "timeout-seconds" -> timeout = Duration.ofSeconds(Long.parseLong(kv[1]));
        default -> throw new IllegalArgumentException("unknown flag --" + kv[0]);
      }
    }
    if (deployments < 1 || replicas < 1 || nodes < 1 || concurrency < 1) {
      throw new IllegalArgumentException("deployments, replicas, nodes and concurrency must be positive");
    }
    return new DeployBenchOptions(jar, etcd, workDir, jvm, deployments, replicas, nodes, concurrency, timeout);
  }
}
