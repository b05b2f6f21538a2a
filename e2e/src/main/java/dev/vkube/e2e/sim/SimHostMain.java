package dev.vkube.e2e.sim;

import dev.vkube.syncer.Kubeconfigs;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/**
 * {@code java -jar e2e/target/vkube-sim-host.jar --kubeconfig=FILE [--nodes=3] [--node-prefix=sim-node-]
 * [--namespace=NS] [--pki-dir=DIR] [--kubelet-dir=DIR]}: the simulated nodes, their kubelets (with the
 * kubelet API serving logs and exec) and a scheduler for a host API server (a second vkube started
 * without syncer), until killed; {@code --namespace} creates the tenant's host namespace. The kubelet
 * API's certificate comes from the host's CA in {@code --pki-dir} (default: the {@code pki} directory
 * next to the kubeconfig, i.e. the host's --data-dir); pods' scratch directories go to
 * {@code --kubelet-dir} (default: {@code sim-kubelet} next to the kubeconfig). {@code bin/vkube up NAME
 * --sim-host} runs it.
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
    Path pki = null;
    Path scratch = null;
    for (String arg : args) {
      String[] kv = arg.startsWith("--") && arg.contains("=") ? arg.substring(2).split("=", 2) : new String[] {arg, ""};
      switch (kv[0]) {
        case "kubeconfig" -> kubeconfig = Path.of(kv[1]);
        case "nodes" -> count = Integer.parseInt(kv[1]);
        case "node-prefix" -> prefix = kv[1];
        case "namespace" -> namespace = kv[1];
        case "pki-dir" -> pki = Path.of(kv[1]);
        case "kubelet-dir" -> scratch = Path.of(kv[1]);
        default -> {
          System.err.println("vkube-sim-host: unknown argument " + arg
              + " (usage: --kubeconfig=FILE [--nodes=N] [--node-prefix=P] [--namespace=NS] [--pki-dir=DIR]"
              + " [--kubelet-dir=DIR])");
          System.exit(2);
        }
      }
    }
    if (kubeconfig == null) {
      System.err.println("vkube-sim-host: --kubeconfig=FILE is required");
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
    SimHostNodes sim = SimHostNodes.start(host, SimHostNodes.clusterCa(pki), scratch, prefix, count);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sim.close();
      host.close();
    }, "sim-host-shutdown"));
    LOG.info("simulated host running nodes=" + sim.nodes().names() + " kubeletPort=" + sim.kubeletApi().port());
    new CountDownLatch(1).await();
  }
}
