package dev.vkube.apiserver.controllers;

import dev.vkube.apiserver.ServerContext;
import dev.vkube.apiserver.controllers.cluster.ClusterControllers;
import dev.vkube.apiserver.controllers.cluster.leaderelection.LeaseObjectStore;
import dev.vkube.apiserver.controllers.workloads.WorkloadControllers;
import dev.vkube.controller.LeaderElector;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The virtual kube-controller-manager: the built-in controllers run only while this replica holds the
 * kube-system/kube-controller-manager Lease (identity hostname_uuid, as upstream), so several vkube
 * replicas over one etcd run each controller once.
 */
public final class ControllerManager implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ControllerManager.class.getName());
  private final ServerContext context;
  private final LeaderElector elector;
  private final List<AutoCloseable> running = new ArrayList<>();

  public ControllerManager(ServerContext context) {
    this.context = context;
    this.elector = new LeaderElector(LeaseObjectStore.controllerManager(context.informers().store(
        "coordination.k8s.io", "v1", "leases")), identity(), LeaderElector.LEASE_DURATION,
        LeaderElector.RENEW_DEADLINE, LeaderElector.RETRY_PERIOD, context.clock(), this::startControllers,
        this::stopControllers);
  }

  public ControllerManager start() {
    elector.start();
    return this;
  }

  public boolean leading() {
    return elector.leading();
  }

  private synchronized void startControllers() {
    LOG.info("became leader: starting controllers");
    running.addAll(ClusterControllers.start(context));
    running.addAll(WorkloadControllers.start(context));
  }

  private synchronized void stopControllers() {
    LOG.info("lost leadership: stopping controllers");
    for (AutoCloseable controller : running) {
      try {
        controller.close();
      } catch (Exception e) {
        LOG.log(Level.FINE, "error stopping a controller", e);
      }
    }
    running.clear();
  }

  private static String identity() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "vkube";
    }
    return host + "_" + UUID.randomUUID();
  }

  @Override
  public void close() {
    elector.close();
    stopControllers();
  }
}
