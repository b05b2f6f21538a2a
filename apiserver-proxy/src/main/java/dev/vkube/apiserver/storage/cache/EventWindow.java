package dev.vkube.apiserver.storage.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ring of a resource's most recent events, in revision order, for resuming watches (cacher's
 * watchCache cyclic buffer). Not thread-safe: the cache's dispatcher owns it.
 */
final class EventWindow {
  private final CacheEvent[] ring;
  private int start;
  private int size;
  private boolean evicted;

  EventWindow(int capacity) {
    this.ring = new CacheEvent[Math.max(1, capacity)];
  }

  void add(CacheEvent event) {
    if (size == ring.length) {
      ring[start] = event;
      start = (start + 1) % ring.length;
      evicted = true;
    } else {
      ring[(start + size) % ring.length] = event;
      size++;
    }
  }

  /** Forgets everything, as after a relist. */
  void clear() {
    Arrays.fill(ring, null);
    start = 0;
    size = 0;
    evicted = false;
  }

  /** Whether an event was dropped since the last clear (then the first kept event bounds resumption). */
  boolean evicted() {
    return evicted;
  }

  boolean isEmpty() {
    return size == 0;
  }

  long oldestRevision() {
    return ring[start].revision();
  }

  /** Events with a revision above {@code revision}, oldest first (binary search, as upstream). */
  List<CacheEvent> after(long revision) {
    int low = 0;
    int high = size;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (at(mid).revision() > revision) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    List<CacheEvent> events = new ArrayList<>(size - low);
    for (int i = low; i < size; i++) {
      events.add(at(i));
    }
    return events;
  }

  private CacheEvent at(int index) {
    return ring[(start + index) % ring.length];
  }
}
