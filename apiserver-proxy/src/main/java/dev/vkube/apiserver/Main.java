package dev.vkube.apiserver;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Composition root: parse flags, start one virtual cluster, stop it on exit. */
public final class Main {
  private static final Logger LOG = Logger.getLogger(Main.class.getName());

  private Main() {}

  /**
   * Lets G1 hand free heap back to the system after a collection down to 30% free (default 70%). The
   * start-up garbage (descriptor indexes, OpenAPI documents) is collected once after ready, and with
   * the default ratio the process kept ~90 MiB of empty heap resident; the runtime contract starts us
   * with plain {@code java -jar}, so this is set here rather than as a command-line flag. These two
   * flags are "manageable": settable at run time.
   */
  private static void returnFreeHeapEagerly() {
    try {
      HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      hotspot.setVMOption("MinHeapFreeRatio", "10");
      hotspot.setVMOption("MaxHeapFreeRatio", "30");
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "heap free ratios left at their defaults", e);
    }
  }

  public static void main(String[] args) throws Exception {
    ServerOptions options;
    try {
      options = ServerOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("vkube-apiserver: " + e.getMessage());
      System.exit(2);
      return;
    }
    // Beside the boot, not before it: the management beans load ~200 classes (JFR's among them).
    Thread heapTuning = new Thread(Main::returnFreeHeapEagerly, "vkube-heap-tuning");
    heapTuning.setDaemon(true);
    heapTuning.start();
    VirtualCluster cluster = VirtualCluster.start(options);
    cluster.closeOnJvmShutdown();
    LOG.info(() -> "serving on https://" + options.bindAddress() + ":" + cluster.port()
        + " kubeconfig=" + options.dataDir().resolve("admin.kubeconfig").toAbsolutePath());
  }
}
