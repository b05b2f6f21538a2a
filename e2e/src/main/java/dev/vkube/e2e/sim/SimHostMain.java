package dev.vkube.e2e.sim;

import dev.vkube.syncer.Kubeconfigs;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/**
 * {@code java -jar e2e/target/vkube-sim-host.jar --kubeconfig=FILE [--nodes=3] [--node-prefix=sim-node-]
 * [--namespace=NS] [--tenant-api-service=NAME] [--pki-dir=DIR] [--kubelet-dir=DIR] [--ready-file=FILE]}:
 * the simulated nodes, their kubelets (with the kubelet API serving logs and exec) and a scheduler for
 * a host API server (a second vkube started without syncer), until killed; {@code --namespace} creates
 * the tenant's host namespace, {@code --tenant-api-service} the Service in front of the tenant API
 * there, and {@code --ready-file} is written once the nodes run. The kubelet API's certificate comes
 * from the host's CA in {@code --pki-dir} (default: the {@code pki} directory next to the kubeconfig,
 * i.e. the host's --data-dir); pods' scratch directories go to {@code --kubelet-dir} (default:
 * {@code sim-kubelet} next to the kubeconfig). {@code bin/vkube up NAME --sim-host} runs it.
 */
public final class SimHostMain {
  private static final Logger LOG = Logger.getLogger(SimHostMain.class.getName());
  static final int DEFAULT_NODES = 3;
  static final String DEFAULT_PREFIX = "sim-node-";

  private SimHostMain() {
  }

  public static void main(String[] args) throws Exception {
    Path kubeconfig = null;
    int count = DEFAULT_NODES;
    String prefix = DEFAULT_PREFIX;
    String namespace = null;
    String apiService = null;
    Path readyFile = null;
    Path pki = null;
    Path scratch = null;
    for (String arg : args) {
      String[] kv = arg.startsWith("--") && arg.contains("=") ? arg.substring(2).split("=", 2) : new String[] {arg, ""};
      switch (kv[0]) {
        case "kubeconfig" -> kubeconfig = Path.of(kv[1]);
        case "nodes" -> count = Integer.parseInt(kv[1]);
        case "node-prefix" -> prefix = kv[1];
        case "namespace" -> namespace = kv[1];
        case "tenant-api-service" -> apiService = kv[1];
        case "ready-file" -> readyFile = Path.of(kv[1]);
        case "pki-dir" -> pki = Path.of(kv[1]);
        case "kubelet-dir" -> scratch = Path.of(kv[1]);
        default -> {
          System.err.println("vkube-sim-host: unknown argument " + arg
              + " (usage: --kubeconfig=FILE [--nodes=N] [--node-prefix=P] [--namespace=NS]"
              + " [--tenant-api-service=NAME] [--pki-dir=DIR] [--kubelet-dir=DIR] [--ready-file=FILE])");
          System.exit(2);
        }
      }
    }
    if (kubeconfig == null || (apiService != null && namespace == null)) {
      System.err.println("vkube-sim-host: --kubeconfig=FILE is required, and --namespace with --tenant-api-service");
      System.exit(2);
    }
    Path dataDir = kubeconfig.toAbsolutePath().getParent();
    pki = pki == null ? dataDir.resolve("pki") : pki;
    scratch = scratch == null ? dataDir.resolve("sim-kubelet") : scratch;
    KubernetesClient host = Kubeconfigs.client(kubeconfig);
    if (namespace != null && host.namespaces().withName(namespace).get() == null) {
      host.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    if (apiService != null && host.services().inNamespace(namespace).withName(apiService).get() == null) {
      host.services().inNamespace(namespace).resource(tenantApiService(apiService)).create();
    }
    SimHostNodes sim = SimHostNodes.start(host, SimHostNodes.clusterCa(pki), scratch, prefix, count);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sim.close();
      host.close();
    }, "sim-host-shutdown"));
    LOG.info("simulated host running nodes=" + sim.nodes().names() + " kubeletPort=" + sim.kubeletApi().port());
    if (readyFile != null) {
      // For scripts (bin/vkube up --sim-host) that should return only once pods can run.
      Files.writeString(readyFile, ProcessHandle.current().pid() + "\n");
    }
    new CountDownLatch(1).await();
  }

  /**
   * The host Service in front of the tenant API, as vCluster's chart makes it (named like the virtual
   * cluster, port 443 "https" to the API's 8443): the syncer gives its cluster IP to the tenant's pods
   * as KUBERNETES_SERVICE_HOST. The simulated host has no kube-proxy to route it; it is there so that
   * pods see the same environment as on a real host.
   */
  static Service tenantApiService(String name) {
    return new ServiceBuilder().withNewMetadata().withName(name).addToLabels("app", "vkube").endMetadata()
        .withNewSpec().withType("ClusterIP").addNewPort().withName("https").withPort(443).withProtocol("TCP")
        .withNewTargetPort(8443).endPort().endSpec().build();
  }
}
