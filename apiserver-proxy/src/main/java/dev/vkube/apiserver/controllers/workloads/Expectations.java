package dev.vkube.apiserver.controllers.workloads;

import dev.vkube.apiserver.registry.ObjectCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a controller created or deleted and its cache has not yet shown (controller.ControllerExpectations):
 * until the cache catches up, a reconcile must not count again and create or delete twice. Expectations
 * lapse after {@link #TIMEOUT}, as upstream's do, so a lost event cannot wedge a key.
 */
final class Expectations {
  static final Duration TIMEOUT = Duration.ofMinutes(5);

  private record Pending(Set<String> creates, Map<String, String> deletes, Instant since) {}

  private final ObjectCache cache;
  private final Clock clock;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  Expectations(ObjectCache cache, Clock clock) {
    this.cache = cache;
    this.clock = clock;
  }

  private Pending of(String owner) {
    return pending.computeIfAbsent(owner, k -> new Pending(ConcurrentHashMap.newKeySet(), new ConcurrentHashMap<>(),
        clock.instant()));
  }

  void created(String owner, String objectKey) {
    of(owner).creates.add(objectKey);
  }

  void deleted(String owner, String objectKey, String uid) {
    of(owner).deletes.put(objectKey, uid);
  }

  /** Whether the cache shows every create and delete recorded for {@code owner}. */
  boolean satisfied(String owner) {
    Pending p = pending.get(owner);
    if (p == null) {
      return true;
    }
    p.creates.removeIf(key -> cache.get(Keys.namespace(key), Keys.name(key)) != null);
    p.deletes.entrySet().removeIf(e -> {
      var object = cache.get(Keys.namespace(e.getKey()), Keys.name(e.getKey()));
      return object == null || !e.getValue().equals(object.path("metadata").path("uid").asText())
          || object.path("metadata").hasNonNull("deletionTimestamp");
    });
    boolean done = p.creates.isEmpty() && p.deletes.isEmpty();
    if (done || p.since.plus(TIMEOUT).isBefore(clock.instant())) {
      pending.remove(owner, p);
      return true;
    }
    return false;
  }

  void forget(String owner) {
    pending.remove(owner);
  }
}
