package dev.vkube.apiserver;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Composition root: parse flags, start one virtual cluster, stop it on exit. */
public final class Main {
  private static final Logger LOG = Logger.getLogger(Main.class.getName());

  private Main() {}

  public static void main(String[] args) throws Exception {
    ServerOptions options;
    try {
      options = ServerOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("vkube-apiserver: " + e.getMessage());
      System.exit(2);
      return;
    }
    VirtualCluster cluster = VirtualCluster.start(options);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        cluster.close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "error while stopping", e);
      }
    }, "vkube-shutdown"));
    LOG.info(() -> "serving on https://" + options.bindAddress() + ":" + cluster.port()
        + " kubeconfig=" + options.dataDir().resolve("admin.kubeconfig").toAbsolutePath());
  }
}
