package dev.vkube.apiserver.testing;

import dev.vkube.apiserver.ServerOptions;
import dev.vkube.apiserver.VirtualCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/** A vkube server on a free loopback port over the test etcd, under a fresh etcd prefix. */
public final class TestCluster implements AutoCloseable {
  private final VirtualCluster cluster;
  private final ApiClient api;
  private final Path dataDir;

  private TestCluster(VirtualCluster cluster, ApiClient api, Path dataDir) {
    this.cluster = cluster;
    this.api = api;
    this.dataDir = dataDir;
  }

  /** A whole server, with its leader-elected controllers. */
  public static TestCluster start(EtcdExtension etcd, Path dataDir) throws Exception {
    return start(options(etcd, dataDir), dataDir);
  }

  /** A server whose controllers the test starts itself (with its own clock and options). */
  public static TestCluster startWithoutControllers(EtcdExtension etcd, Path dataDir) throws Exception {
    return start(options(etcd, dataDir).withoutControllers(), dataDir);
  }

  /**
   * One replica of a virtual cluster whose other replicas use the same {@code etcdPrefix} (HA: several
   * servers over one etcd, controllers leader-elected); each has its own data dir and PKI.
   */
  public static TestCluster startReplica(EtcdExtension etcd, Path dataDir, String etcdPrefix) throws Exception {
    return start(options(etcd, dataDir, etcdPrefix), dataDir);
  }

  /** A replica with {@code serviceClusterIpRange} (a small range makes replicas' allocations collide). */
  public static TestCluster startReplica(EtcdExtension etcd, Path dataDir, String etcdPrefix,
      String serviceClusterIpRange) throws Exception {
    ServerOptions o = options(etcd, dataDir, etcdPrefix);
    return start(new ServerOptions(o.etcdServers(), etcdPrefix, dataDir, o.certDir(), o.bindAddress(), 0,
        serviceClusterIpRange, List.of()), dataDir);
  }

  private static ServerOptions options(EtcdExtension etcd, Path dataDir) {
    return options(etcd, dataDir, "/it-" + UUID.randomUUID());
  }

  private static ServerOptions options(EtcdExtension etcd, Path dataDir, String etcdPrefix) {
    return new ServerOptions(List.of(etcd.endpoint()), etcdPrefix, dataDir, dataDir.resolve("pki"),
        "127.0.0.1", 0, "10.96.0.0/12", List.of());
  }

  private static TestCluster start(ServerOptions options, Path dataDir) throws Exception {
    VirtualCluster cluster = VirtualCluster.start(options);
    return new TestCluster(cluster, ApiClient.fromKubeconfig(dataDir.resolve("admin.kubeconfig")), dataDir);
  }

  public dev.vkube.apiserver.ServerContext context() {
    return cluster.context();
  }

  public ApiClient api() {
    return api;
  }

  public Path kubeconfig() {
    return dataDir.resolve("admin.kubeconfig");
  }

  /** A fresh namespace for one test. */
  public String namespace() throws Exception {
    String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
    ApiClient.Reply r = api.send("POST", "/api/v1/namespaces", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}");
    if (r.code() != 201) {
      throw new IllegalStateException("namespace not created: " + r.body());
    }
    return name;
  }

  @Override
  public void close() {
    cluster.close();
  }
}
