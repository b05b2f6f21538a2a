package dev.vkube.e2e.sync;

import static org.awaitility.Awaitility.await;

import dev.vkube.apiserver.HostSyncOptions;
import dev.vkube.apiserver.ServerOptions;
import dev.vkube.apiserver.VirtualCluster;
import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.e2e.sim.SimHostNodes;
import dev.vkube.syncer.Kubeconfigs;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The test host, in-process: one etcd; a host server (a vkube API server without syncer) with
 * simulated nodes, their kubelets (and kubelet API, for pods' logs and exec) and a scheduler that binds through pods/binding; and tenant servers
 * whose embedded syncer ({@code --host-kubeconfig}, {@code --host-namespace}) syncs into
 * {@link #HOST_NAMESPACE}. Each server gets an explicit free port: two servers in one JVM both asking
 * for port 0 collide (Vert.x's shared random port).
 */
public final class SimHost implements AutoCloseable {
  public static final String VCLUSTER = "vc1";
  public static final String HOST_NAMESPACE = "vcluster-vc1";
  public static final int NODES = 2;
  static final String NODE_PREFIX = "sim-node-";

  private final EtcdExtension etcd;
  private final Path dir;
  private final VirtualCluster host;
  private final KubernetesClient hostClient;
  private final SimHostNodes nodes;
  private final List<Tenant> tenants = new ArrayList<>();
  private final Tenant first;

  private SimHost(EtcdExtension etcd, Path dir) throws Exception {
    this.etcd = etcd;
    this.dir = dir;
    Path hostDir = Files.createDirectories(dir.resolve("host"));
    this.host = VirtualCluster.start(options(etcd, hostDir, freePort(), "/sim-host-" + UUID.randomUUID()));
    this.hostClient = Kubeconfigs.client(hostDir.resolve("admin.kubeconfig"));
    hostClient.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(HOST_NAMESPACE)
        .endMetadata().build()).create();
    this.nodes = SimHostNodes.start(hostClient, SimHostNodes.clusterCa(hostDir.resolve("pki")),
        dir.resolve("kubelet"), NODE_PREFIX, NODES);
    this.first = tenant(VCLUSTER);
  }

  public static SimHost start(EtcdExtension etcd, Path dir) throws Exception {
    return new SimHost(etcd, dir);
  }

  /** Another virtual cluster syncing into the same host namespace. */
  public Tenant tenant(String vcluster) throws Exception {
    return tenant(vcluster, false);
  }

  /** Another virtual cluster, with {@code --sync-priority-classes} as given. */
  public Tenant tenant(String vcluster, boolean syncPriorityClasses) throws Exception {
    Tenant tenant = new Tenant(tenantOptions(vcluster, dir.resolve("host").resolve("admin.kubeconfig"),
        syncPriorityClasses));
    tenants.add(tenant);
    return tenant;
  }

  /**
   * The options of a tenant (its own data dir, port and etcd prefix) whose syncer uses the host behind
   * {@code hostKubeconfig}, which need not be this host.
   */
  public ServerOptions tenantOptions(String vcluster, Path hostKubeconfig, boolean syncPriorityClasses)
      throws IOException {
    Path tenantDir = Files.createDirectories(dir.resolve("tenant-" + vcluster));
    return options(etcd, tenantDir, freePort(), "/sim-tenant-" + UUID.randomUUID())
        .withHostSync(new HostSyncOptions(hostKubeconfig, HOST_NAMESPACE, vcluster, true, syncPriorityClasses));
  }

  public KubernetesClient virtual() {
    return first.client();
  }

  public KubernetesClient host() {
    return hostClient;
  }

  public List<String> nodeNames() {
    return nodes.nodes().names();
  }

  /** Stops the first tenant's process (server and syncer), as a crash or a rollout would. */
  public void stopSyncer() {
    first.stop();
  }

  public void startSyncer() throws Exception {
    first.start();
  }

  public Tenant first() {
    return first;
  }

  public String virtualNamespace() {
    return first.virtualNamespace();
  }

  private static ServerOptions options(EtcdExtension etcd, Path dataDir, int port, String prefix) {
    return new ServerOptions(List.of(etcd.endpoint()), prefix, dataDir, dataDir.resolve("pki"), "127.0.0.1", port,
        "10.96.0.0/12", List.of());
  }

  /** A loopback port nothing listens on (at the time of asking). */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    tenants.forEach(Tenant::close);
    nodes.close();
    hostClient.close();
    host.close();
  }

  /** One virtual cluster: its server with the embedded syncer, restartable on the same port and data. */
  public static final class Tenant implements AutoCloseable {
    private final ServerOptions options;
    private VirtualCluster cluster;
    private KubernetesClient client;

    Tenant(ServerOptions options) throws Exception {
      this.options = options;
      start();
    }

    public void start() throws Exception {
      cluster = VirtualCluster.start(options);
      if (client == null) {
        client = Kubeconfigs.client(kubeconfig());
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> cluster.hostLocator().locate("a", "b").isPresent());
    }

    /**
     * The tenant's API without its syncer (another replica of the server, say): the virtual side can
     * change while no syncer runs.
     */
    public void startWithoutSyncer() throws Exception {
      cluster = VirtualCluster.start(options.withHostSync(null));
      if (client == null) {
        client = Kubeconfigs.client(options.dataDir().resolve("admin.kubeconfig"));
      }
    }

    public void stop() {
      if (cluster != null) {
        cluster.close();
        cluster = null;
      }
    }

    public KubernetesClient client() {
      return client;
    }

    public Path kubeconfig() {
      return options.dataDir().resolve("admin.kubeconfig");
    }

    public VirtualCluster cluster() {
      return cluster;
    }

    /** A fresh namespace in this virtual cluster, for one test. */
    public String virtualNamespace() {
      String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
      return namespace(name);
    }

    public String namespace(String name) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
      return name;
    }

    @Override
    public void close() {
      stop();
      if (client != null) {
        client.close();
      }
    }
  }
}
