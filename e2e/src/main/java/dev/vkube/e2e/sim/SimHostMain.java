package dev.vkube.e2e.sim;

import dev.vkube.syncer.Kubeconfigs;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/**
 * {@code java -jar e2e/target/vkube-sim-host.jar --kubeconfig=FILE [--nodes=3] [--node-prefix=sim-node-]
 * [--namespace=NS]}: the simulated nodes, their kubelets and a scheduler for a host API server (a second
 * vkube started without syncer), until killed; {@code --namespace} creates the tenant's host namespace. {@code bin/vkube up NAME --sim-host} runs it.
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
    for (String arg : args) {
      String[] kv = arg.startsWith("--") && arg.contains("=") ? arg.substring(2).split("=", 2) : new String[] {arg, ""};
      switch (kv[0]) {
        case "kubeconfig" -> kubeconfig = Path.of(kv[1]);
        case "nodes" -> count = Integer.parseInt(kv[1]);
        case "node-prefix" -> prefix = kv[1];
        case "namespace" -> namespace = kv[1];
        default -> {
          System.err.println("vkube-sim-host: unknown argument " + arg
              + " (usage: --kubeconfig=FILE [--nodes=N] [--node-prefix=P] [--namespace=NS])");
          System.exit(2);
        }
      }
    }
    if (kubeconfig == null) {
      System.err.println("vkube-sim-host: --kubeconfig=FILE is required");
      System.exit(2);
    }
    KubernetesClient host = Kubeconfigs.client(kubeconfig);
    if (namespace != null && host.namespaces().withName(namespace).get() == null) {
      host.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    SimHostNodes sim = SimHostNodes.start(host, prefix, count);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sim.close();
      host.close();
    }, "sim-host-shutdown"));
    LOG.info("simulated host running nodes=" + sim.nodes().names());
    new CountDownLatch(1).await();
  }
}
