package dev.vkube.apiserver.controllers.workloads;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.ServerContext;
import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.apiserver.testing.TestCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The workload ITs' server: started without the leader-elected controller manager, with the
 * workload controllers started directly (optionally on a test clock), kubectl on its kubeconfig.
 */
final class WorkloadCluster implements AutoCloseable {
  final TestCluster cluster;
  final Kubectl kubectl;
  private final List<AutoCloseable> controllers;

  private WorkloadCluster(TestCluster cluster, List<AutoCloseable> controllers) {
    this.cluster = cluster;
    this.controllers = controllers;
    this.kubectl = new Kubectl(cluster.kubeconfig());
  }

  static WorkloadCluster start(EtcdExtension etcd, Path dataDir) throws Exception {
    return start(etcd, dataDir, null);
  }

  /** With {@code clock} (null: the server's) driving the controllers' timers and timestamps. */
  static WorkloadCluster start(EtcdExtension etcd, Path dataDir, Clock clock) throws Exception {
    TestCluster cluster = TestCluster.startWithoutControllers(etcd, dataDir);
    ServerContext c = cluster.context();
    ServerContext context = clock == null ? c
        : new ServerContext(c.options(), c.pki(), c.registry(), c.informers(), clock);
    WorkloadCluster started = new WorkloadCluster(cluster, WorkloadControllers.start(context));
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> cluster.api().get("/readyz").code() == 200);
    return started;
  }

  JsonNode get(String path) throws Exception {
    return cluster.api().get(path).json();
  }

  List<JsonNode> items(String path) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    get(path).path("items").forEach(out::add);
    return out;
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : controllers) {
      c.close();
    }
    cluster.close();
  }
}
