package dev.vkube.apiserver.storage.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.storage.ListOptions;
import dev.vkube.apiserver.storage.StorageException;
import dev.vkube.apiserver.storage.StoredObject;
import dev.vkube.apiserver.storage.WatchEvent;
import dev.vkube.apiserver.storage.WatchHandle;
import dev.vkube.apiserver.storage.WatchListener;
import java.lang.System.Logger.Level;
import java.util.function.Predicate;

/**
 * One client's watch on a {@link WatchCache} (cacher's cacheWatcher). Called on the cache's dispatcher
 * only; {@link #close()} may come from any thread and no event is delivered once it has returned. A
 * listener that throws is closed with an error; the others go on.
 */
final class CacheWatcher implements WatchHandle {
  private static final System.Logger LOG = System.getLogger(CacheWatcher.class.getName());

  private final String prefix;
  private final Predicate<ObjectNode> filter;
  private final boolean allowBookmarks;
  private final WatchListener listener;
  private final Runnable onClosed;
  private volatile boolean closed;
  /** Live events at or below this revision are not for this watcher (it started after them). */
  private long fromRevision;

  CacheWatcher(String prefix, Predicate<ObjectNode> filter, boolean allowBookmarks, WatchListener listener,
      Runnable onClosed) {
    this.prefix = prefix;
    this.filter = filter == null ? ListOptions.EVERYTHING : filter;
    this.allowBookmarks = allowBookmarks;
    this.listener = listener;
    this.onClosed = onClosed;
  }

  void startAfter(long revision) {
    this.fromRevision = revision;
  }

  String prefix() {
    return prefix;
  }

  long fromRevision() {
    return fromRevision;
  }

  boolean allowBookmarks() {
    return allowBookmarks;
  }

  boolean isClosed() {
    return closed;
  }

  boolean matches(StoredObject object) {
    return object.key().startsWith(prefix) && filter.test(object.object());
  }

  /** Delivers a live or replayed change, as this watcher's filter sees it. */
  void offer(CacheEvent event) {
    if (event.revision() <= fromRevision || !event.key().startsWith(prefix)) {
      return;
    }
    WatchEvent converted = convert(event);
    if (converted != null) {
      deliver(converted);
    }
  }

  /**
   * cache_watcher.go convertToWatchEvent: current passes and old not = ADDED; both = MODIFIED; old
   * passes and current not = DELETED of the old object at this event's revision; neither = nothing.
   */
  private WatchEvent convert(CacheEvent event) {
    boolean currentPasses = event.type() != WatchEvent.Type.DELETED && filter.test(event.object().object());
    boolean previousPasses = event.previous() != null
        && (filter == ListOptions.EVERYTHING || filter.test(event.previous().object()));
    if (currentPasses) {
      WatchEvent.Type type = previousPasses ? WatchEvent.Type.MODIFIED : WatchEvent.Type.ADDED;
      return new WatchEvent(type, event.object(), event.revision(), false);
    }
    if (previousPasses) {
      return new WatchEvent(WatchEvent.Type.DELETED, event.previousAtRevision(), event.revision(), false);
    }
    return null;
  }

  void deliver(WatchEvent event) {
    synchronized (this) {
      if (closed) {
        return;
      }
      try {
        listener.onEvent(event);
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "watch listener failed; closing its watch prefix=" + prefix, e);
      }
    }
    fail(new StorageException(StorageException.Code.UNREACHABLE, prefix, "watch listener failed"));
  }

  /** Ends the watch from the storage side: the listener hears why (null = a normal end). */
  void fail(StorageException error) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    onClosed.run();
    try {
      listener.onClose(error);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "watch listener failed on close prefix=" + prefix, e);
    }
  }

  /** The client stops watching; onClose is not called (the caller knows). */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    onClosed.run();
  }
}
