package dev.vkube.apiserver.storage.cache;

import dev.vkube.apiserver.storage.StoredObject;
import dev.vkube.apiserver.storage.WatchEvent;
import dev.vkube.apiserver.storage.etcd.EtcdCodec;

/**
 * A change as the cache saw it: the new object (for DELETED, the last state with the deletion
 * revision) and the previous object, so each watcher can apply its filter to both (cacher's
 * watchCacheEvent carries PrevObject for the same reason).
 */
final class CacheEvent {
  private final WatchEvent.Type type;
  private final String key;
  private final StoredObject object;
  private final StoredObject previous;
  private final long revision;
  // The previous object stamped with this event's revision, made once for every watcher that needs it.
  private StoredObject previousAtRevision;

  CacheEvent(WatchEvent.Type type, String key, StoredObject object, StoredObject previous, long revision) {
    this.type = type;
    this.key = key;
    this.object = object;
    this.previous = previous;
    this.revision = revision;
  }

  WatchEvent.Type type() {
    return type;
  }

  String key() {
    return key;
  }

  StoredObject object() {
    return object;
  }

  /** Null for ADDED. */
  StoredObject previous() {
    return previous;
  }

  long revision() {
    return revision;
  }

  /** What a watcher that stops matching gets as DELETED: the old object with this revision. */
  synchronized StoredObject previousAtRevision() {
    if (type == WatchEvent.Type.DELETED) {
      return object;
    }
    if (previousAtRevision == null) {
      previousAtRevision = EtcdCodec.withRevision(previous, revision);
    }
    return previousAtRevision;
  }
}
