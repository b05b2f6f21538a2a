package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.apiserver.storage.WatchEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The objects of one cache grouped by the uid of their controller, so that a reconcile reads its
 * own pods without scanning every pod (client-go's indexer keyed by controller uid). Entries are
 * re-checked against the cache on read, so a missed event only costs a stale key.
 */
final class OwnedIndex {
  private final ObjectCache cache;
  private final Map<String, Set<String>> byOwner = new ConcurrentHashMap<>();
  private final Map<String, String> ownerOf = new ConcurrentHashMap<>();

  OwnedIndex(ObjectCache cache) {
    this.cache = cache;
    cache.addListener(this::onEvent);
    cache.list(null).forEach(o -> onEvent(WatchEvent.Type.ADDED, o));
  }

  private void onEvent(WatchEvent.Type type, ObjectNode object) {
    String key = Keys.of(object);
    String owner = type == WatchEvent.Type.DELETED ? null : Owners.controllerUid(object);
    String previous = owner == null ? ownerOf.remove(key) : ownerOf.put(key, owner);
    if (previous != null && !previous.equals(owner)) {
      Set<String> keys = byOwner.get(previous);
      if (keys != null) {
        keys.remove(key);
        if (keys.isEmpty()) {
          byOwner.remove(previous, keys);
        }
      }
    }
    if (owner != null) {
      byOwner.computeIfAbsent(owner, k -> ConcurrentHashMap.newKeySet()).add(key);
    }
  }

  /** The cached objects whose controller has {@code uid}. */
  List<ObjectNode> owned(String uid) {
    List<ObjectNode> out = new ArrayList<>();
    for (String key : byOwner.getOrDefault(uid, Set.of())) {
      ObjectNode object = cache.get(Keys.namespace(key), Keys.name(key));
      if (object != null && uid.equals(Owners.controllerUid(object))) {
        out.add(object);
      }
    }
    return out;
  }
}
