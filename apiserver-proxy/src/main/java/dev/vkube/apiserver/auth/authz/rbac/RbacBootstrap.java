package dev.vkube.apiserver.auth.authz.rbac;

import dev.vkube.apiserver.registry.Informers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What RBAC runs at start (kube-apiserver's rbac/bootstrap-roles post-start hook and the
 * clusterrole-aggregation-controller): reconciles the default policy, retrying until it succeeds,
 * and keeps aggregated ClusterRoles filled.
 */
public final class RbacBootstrap implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RbacBootstrap.class.getName());
  private static final long RETRY_MILLIS = 1000;

  private final PolicyReconciler reconciler;
  private final ClusterRoleAggregator aggregator;
  private final CompletableFuture<Void> reconciled = new CompletableFuture<>();
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "rbac-bootstrap");
    t.setDaemon(true);
    return t;
  });

  private RbacBootstrap(Informers informers) {
    this.reconciler = new PolicyReconciler(informers, DefaultPolicy.load());
    this.aggregator = ClusterRoleAggregator.start(informers);
  }

  public static RbacBootstrap start(Informers informers) {
    RbacBootstrap bootstrap = new RbacBootstrap(informers);
    bootstrap.attempt();
    return bootstrap;
  }

  /** Completes once the default policy has been reconciled (upstream's /readyz waits for it). */
  public CompletableFuture<Void> reconciled() {
    return reconciled;
  }

  private void attempt() {
    reconciler.reconcile().whenComplete((ok, failure) -> {
      if (failure == null) {
        reconciled.complete(null);
      } else if (!retries.isShutdown()) {
        LOG.log(Level.FINE, "default RBAC policy not reconciled yet, retrying", failure);
        retries.schedule(this::attempt, RETRY_MILLIS, TimeUnit.MILLISECONDS);
      }
    });
  }

  @Override
  public void close() {
    retries.shutdownNow();
    aggregator.close();
  }
}
