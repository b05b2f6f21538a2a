package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.controller.Controller;
import dev.vkube.controller.Reconciler;
import dev.vkube.controller.Result;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link Controller} keyed by "namespace/name" of a primary resource, fed by informer events: the
 * primary's own, and those of secondary objects mapped to the primary they belong to (client-go's
 * EnqueueRequestForOwner). Reconciles wait until every cache involved has synced.
 */
final class WatchedController implements AutoCloseable {
  static final Duration RESYNC = Duration.ofMinutes(1);
  private static final Duration SYNC_WAIT = Duration.ofMillis(200);
  private static final Duration CONFLICT_RECHECK = Duration.ofSeconds(1);
  private static final int CONFLICT = 409;

  private final List<ObjectCache> caches = new ArrayList<>();
  private final ObjectCache primary;
  private final Controller<String> controller;

  WatchedController(String name, ObjectCache primary, Reconciler<String> reconciler, int workers, Clock clock) {
    this.primary = primary;
    caches.add(primary);
    Reconciler<String> gated = key -> caches.stream().allMatch(ObjectCache::synced) ? reconcileOrRecheck(reconciler,
        key) : Result.after(SYNC_WAIT);
    this.controller = new Controller<>(name, gated, workers, RESYNC,
        () -> primary.list(null).stream().map(Keys::of).toList(), clock);
    primary.addListener((type, object) -> controller.enqueue(Keys.of(object)));
  }

  /**
   * A 409 Conflict means the cache held an older version than the store: the event of the newer one
   * is on its way and queues the key again, so the conflict is a short recheck, not a failure. Sent
   * through the rate limiter it would share the 10/s bucket with every other key, and 1,000
   * Deployments whose caches lag their own writes (deploy-bench) would wait there for minutes.
   */
  private static Result reconcileOrRecheck(Reconciler<String> reconciler, String key) throws Exception {
    try {
      return reconciler.reconcile(key);
    } catch (ApiException e) {
      if (e.code() == CONFLICT) {
        return Result.after(CONFLICT_RECHECK);
      }
      throw e;
    }
  }

  /** Events of {@code cache} requeue the primary keys {@code keysOf} names (none when it returns null). */
  WatchedController watch(ObjectCache cache, Function<ObjectNode, List<String>> keysOf) {
    caches.add(cache);
    cache.addListener((type, object) -> {
      List<String> keys = keysOf.apply(object);
      if (keys != null) {
        keys.forEach(controller::enqueue);
      }
    });
    return this;
  }

  /** Events of objects controlled by a {@code primaryKind} requeue that controller. */
  WatchedController watchOwned(ObjectCache cache, Kind primaryKind) {
    return watch(cache, object -> {
      String key = Owners.controllerKey(object, primaryKind);
      return key == null ? null : List.of(key);
    });
  }

  void enqueue(String key) {
    controller.enqueue(key);
  }

  /** Starts the workers and queues what the primary cache already held before its listener was added. */
  WatchedController start() {
    controller.start();
    primary.list(null).forEach(o -> controller.enqueue(Keys.of(o)));
    return this;
  }

  @Override
  public void close() {
    controller.close();
  }
}
