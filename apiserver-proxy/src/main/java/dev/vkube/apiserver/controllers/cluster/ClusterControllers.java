package dev.vkube.apiserver.controllers.cluster;

import dev.vkube.apiserver.ServerContext;
import dev.vkube.apiserver.ServerOptions;
import dev.vkube.apiserver.controllers.cluster.disruption.DisruptionController;
import dev.vkube.apiserver.controllers.cluster.gc.GarbageCollector;
import dev.vkube.apiserver.controllers.cluster.namespace.NamespaceController;
import dev.vkube.apiserver.controllers.cluster.nodelifecycle.NodeLifecycleController;
import dev.vkube.apiserver.controllers.cluster.nodelifecycle.NodeLifecycleOptions;
import dev.vkube.apiserver.controllers.cluster.service.EndpointSliceController;
import dev.vkube.apiserver.controllers.cluster.service.EndpointsController;
import dev.vkube.apiserver.controllers.cluster.service.KubernetesServiceController;
import dev.vkube.apiserver.controllers.cluster.service.ServiceCidr;
import dev.vkube.apiserver.controllers.cluster.serviceaccount.ServiceAccountObjects;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the cluster-wide controllers (namespace lifecycle, garbage collector, service accounts and
 * the root CA publisher, the kubernetes service, endpoints and endpoint slices, disruption budgets,
 * node lifecycle), all through the API's stores.
 */
public final class ClusterControllers {
  /** The port the kubernetes service points at when the server was asked for any free port. */
  static final int FALLBACK_PORT = 6443;

  private ClusterControllers() {}

  /** Called once this replica leads; everything returned is closed when it stops leading. */
  public static List<AutoCloseable> start(ServerContext context) {
    return start(context, NodeLifecycleOptions.DEFAULTS);
  }

  public static List<AutoCloseable> start(ServerContext context, NodeLifecycleOptions nodeLifecycle) {
    var informers = context.informers();
    Clock clock = context.clock();
    List<AutoCloseable> started = new ArrayList<>();
    try {
      started.add(NamespaceController.start(context));
      started.add(new GarbageCollector(context.registry(), informers, clock).start());
      started.add(ServiceAccountObjects.defaultServiceAccounts(informers, clock).start());
      started.add(ServiceAccountObjects.rootCaPublisher(informers, clock,
          context.pki().ca().asIssued().certificatePem()).start());
      started.add(new KubernetesServiceController(informers, clock, advertise(context.options())).start());
      started.add(new EndpointsController(informers, clock).start());
      started.add(new EndpointSliceController(informers, clock).start());
      started.add(new DisruptionController(informers, clock).start());
      started.add(new NodeLifecycleController(informers, clock, nodeLifecycle).start());
      return started;
    } catch (RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  /** The server's address as the kubernetes service's endpoints carry it (--advertise-address). */
  static KubernetesServiceController.Advertise advertise(ServerOptions options) {
    String bind = options.bindAddress();
    String address = !bind.equals("0.0.0.0") && !bind.equals("::") ? bind
        : options.tlsSans().stream().filter(s -> s.matches("[0-9.]+")).findFirst().orElse("127.0.0.1");
    int port = options.securePort() == 0 ? FALLBACK_PORT : options.securePort();
    return new KubernetesServiceController.Advertise(ServiceCidr.parse(options.serviceClusterIpRange()).first(),
        address, port);
  }

  static void closeAll(List<AutoCloseable> started) {
    for (AutoCloseable c : started) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing the rest matters more
      }
    }
  }
}
