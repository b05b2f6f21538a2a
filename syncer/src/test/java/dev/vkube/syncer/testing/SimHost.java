package dev.vkube.syncer.testing;

import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.apiserver.ServerOptions;
import dev.vkube.apiserver.VirtualCluster;
import dev.vkube.syncer.Kubeconfigs;
import dev.vkube.syncer.Syncer;
import dev.vkube.syncer.SyncerOptions;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * The test host, in-process: one etcd, a tenant server and a host server (two vkube API
 * servers on their own etcd prefixes and data dirs; the host runs no syncer), a simulated kubelet on
 * the host, and the tenant's syncer. The host has no scheduler and does not serve pods/binding, so the
 * syncer is started with {@code pinnedNodeName} = the simulated node. Each server gets an explicit free
 * port: two servers in one JVM both asking for port 0 collide (Vert.x's shared random port).
 */
public final class SimHost implements AutoCloseable {
  public static final String VCLUSTER = "vc1";
  public static final String HOST_NAMESPACE = "vcluster-vc1";

  private final VirtualCluster tenant;
  private final VirtualCluster host;
  private final KubernetesClient virtualClient;
  private final KubernetesClient hostClient;
  private final SimulatedKubelet kubelet;
  private final Path tenantKubeconfig;
  private final Path hostKubeconfig;
  private Syncer syncer;

  private SimHost(VirtualCluster tenant, Path tenantDir, VirtualCluster host, Path hostDir) throws Exception {
    this.tenant = tenant;
    this.host = host;
    this.tenantKubeconfig = tenantDir.resolve("admin.kubeconfig");
    this.hostKubeconfig = hostDir.resolve("admin.kubeconfig");
    this.virtualClient = client(tenantKubeconfig);
    this.hostClient = client(hostKubeconfig);
    hostClient.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(HOST_NAMESPACE)
        .endMetadata().build()).create();
    this.kubelet = new SimulatedKubelet(hostClient, HOST_NAMESPACE);
  }

  public static SimHost start(EtcdExtension etcd, Path dir) throws Exception {
    Path tenantDir = Files.createDirectories(dir.resolve("tenant"));
    Path hostDir = Files.createDirectories(dir.resolve("host"));
    VirtualCluster tenant = server(etcd, tenantDir);
    VirtualCluster host = server(etcd, hostDir);
    SimHost sim = new SimHost(tenant, tenantDir, host, hostDir);
    sim.startSyncer();
    return sim;
  }

  public SyncerOptions options() {
    return SyncerOptions.of(tenantKubeconfig, hostKubeconfig, HOST_NAMESPACE, VCLUSTER)
        .withPinnedNodeName(SimulatedKubelet.NODE);
  }

  public void startSyncer() throws Exception {
    syncer = Syncer.start(options(), Clock.systemUTC());
  }

  public void stopSyncer() {
    if (syncer != null) {
      syncer.close();
      syncer = null;
    }
  }

  public KubernetesClient virtual() {
    return virtualClient;
  }

  public KubernetesClient host() {
    return hostClient;
  }

  /** A fresh namespace in the virtual cluster, for one test. */
  public String virtualNamespace() {
    String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
    virtualClient.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
        .build()).create();
    return name;
  }

  private static VirtualCluster server(EtcdExtension etcd, Path dataDir) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return VirtualCluster.start(new ServerOptions(List.of(etcd.endpoint()), "/syncer-it-" + UUID.randomUUID(),
        dataDir, dataDir.resolve("pki"), "127.0.0.1", port, "10.96.0.0/12", List.of()));
  }

  static KubernetesClient client(Path kubeconfig) throws Exception {
    return Kubeconfigs.client(kubeconfig);
  }

  @Override
  public void close() {
    stopSyncer();
    kubelet.close();
    virtualClient.close();
    hostClient.close();
    tenant.close();
    host.close();
  }
}
