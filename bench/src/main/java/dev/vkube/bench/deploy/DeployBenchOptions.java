package dev.vkube.bench.deploy;

import dev.vkube.bench.ServerFlags;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
    int deployments = DEFAULT_DEPLOYMENTS;
    int replicas = DEFAULT_REPLICAS;
    int nodes = DEFAULT_NODES;
    int concurrency = DEFAULT_CONCURRENCY;
    Duration timeout = DEFAULT_TIMEOUT;
    ServerFlags server = ServerFlags.parse(args);
    for (Map.Entry<String, String> flag : server.benchFlags().entrySet()) {
      String value = flag.getValue();
      switch (flag.getKey()) {
        case "deployments" -> deployments = Integer.parseInt(value);
        case "replicas" -> replicas = Integer.parseInt(value);
        case "nodes" -> nodes = Integer.parseInt(value);
        case "concurrency" -> concurrency = Integer.parseInt(value);
        case "timeout-seconds" -> timeout = Duration.ofSeconds(Long.parseLong(value));
        default -> throw ServerFlags.unknown(flag.getKey());
      }
    }
    if (deployments < 1 || replicas < 1 || nodes < 1 || concurrency < 1) {
      throw new IllegalArgumentException("deployments, replicas, nodes and concurrency must be positive");
    }
    return new DeployBenchOptions(server.jar(), server.etcd(), server.workDir(), server.jvmOptions(), deployments, replicas, nodes, concurrency, timeout);
  }
}
