package dev.vkube.apiserver.controllers.cluster.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.registry.core.ServiceClaims;
import dev.vkube.apiserver.storage.ListOptions;
import dev.vkube.apiserver.storage.ListResult;
import dev.vkube.apiserver.storage.Preconditions;
import dev.vkube.apiserver.storage.Storage;
import dev.vkube.apiserver.storage.StoredObject;
import dev.vkube.apiserver.storage.DeleteValidation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The repair loop of ClusterIP and node port claims (upstream ipallocator/controller/repairip.go and
 * portallocator/controller/repair.go, run by every apiserver at start and every few minutes): a claim
 * whose service is gone or no longer holds it is released, and a stored service without its claims
 * (written before claims existed) gets them. Claims are listed before services and released only at
 * the revision listed, so a claim taken again in between is never lost (the plan is {@link Plan}).
 */
public final class ServiceClaimRepair implements AutoCloseable {
  /** kube-apiserver repairs service IPs and node ports every 3 minutes (--repair interval default). */
  public static final Duration INTERVAL = Duration.ofMinutes(3);
  private static final Logger LOG = Logger.getLogger(ServiceClaimRepair.class.getName());
  // A direct (limited) etcd read: the claim prefixes have no watch cache and must not get one.
  private static final ListOptions FROM_ETCD = new ListOptions("", ListOptions.ResourceVersionMatch.UNSET,
      1_000_000, null, ListOptions.EVERYTHING);

  private final Storage storage;
  private final String etcdPrefix;
  private final ServiceClaims claims = new ServiceClaims();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "vkube-service-claim-repair");
    thread.setDaemon(true);
    return thread;
  });

  public ServiceClaimRepair(Storage storage, String etcdPrefix) {
    this.storage = storage;
    this.etcdPrefix = etcdPrefix + "/";
  }

  /** Repairs now and then every {@code interval}. */
  public ServiceClaimRepair start(Duration interval) {
    timer.scheduleWithFixedDelay(() -> runOnce().toCompletableFuture().exceptionally(e -> {
      LOG.log(Level.WARNING, "service claim repair failed", e);
      return null;
    }), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** One pass; completes with what it changed. */
  public CompletionStage<Plan> runOnce() {
    List<StoredObject> held = new ArrayList<>();
    return list(ServiceClaims.IP_PREFIX).thenCompose(ips -> {
      held.addAll(ips);
      return list(ServiceClaims.NODE_PORT_PREFIX);
    }).thenCompose(ports -> {
      held.addAll(ports);
      return list("services/specs/");
    }).thenCompose(services -> apply(Plan.of(held, services, claims, etcdPrefix)));
  }

  private CompletionStage<List<StoredObject>> list(String under) {
    return storage.list(etcdPrefix + under, FROM_ETCD).thenApply(ListResult::items);
  }

  private CompletionStage<Plan> apply(Plan plan) {
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (StoredObject orphan : plan.release()) {
      // Only at the listed revision: released meanwhile, or taken again by a new service, it stays.
      writes.add(storage.delete(orphan.key(), new Preconditions(null, Long.toString(orphan.modRevision())),
          DeleteValidation.NONE).toCompletableFuture().handle((r, e) -> null));
    }
    plan.missing().forEach((key, value) -> writes.add(storage.create(key, value).toCompletableFuture()
        .handle((r, e) -> {
          if (e != null) {
            LOG.fine("service claim already present key=" + key);
          }
          return null;
        })));
    if (!plan.release().isEmpty() || !plan.missing().isEmpty()) {
      LOG.info("service claims repaired released=" + plan.release().size() + " created=" + plan.missing().size());
    }
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(done -> plan);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** Claims nobody holds (to release) and claims a stored service holds but etcd lacks (to create). */
  public record Plan(List<StoredObject> release, Map<String, ObjectNode> missing) {
    static Plan of(List<StoredObject> claimed, List<StoredObject> services, ServiceClaims policy, String prefix) {
      Map<String, ObjectNode> wanted = new HashMap<>();
      for (StoredObject service : services) {
        policy.heldBy(service.object()).forEach((key, value) -> wanted.putIfAbsent(prefix + key, value));
      }
      List<StoredObject> release = new ArrayList<>();
      for (StoredObject claim : claimed) {
        if (wanted.remove(claim.key()) == null) {
          release.add(claim);
        }
      }
      return new Plan(release, wanted);
    }
  }
}
