package dev.vkube.apiserver.storage;

/**
 * One watch event. For BOOKMARK, {@code object} is null and {@code revision} is the bookmark's
 * resourceVersion; {@code initialEventsEnd} marks the bookmark that ends the initial events.
 */
public record WatchEvent(Type type, StoredObject object, long revision, boolean initialEventsEnd) {
  public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK }
}
