package dev.vkube.apiserver.storage.etcd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.storage.ListOptions;
import dev.vkube.apiserver.storage.ListOptions.ResourceVersionMatch;
import dev.vkube.apiserver.storage.ListResult;
import dev.vkube.apiserver.storage.SerialExecutor;
import dev.vkube.apiserver.storage.StorageException;
import dev.vkube.apiserver.storage.StoredObject;
import dev.vkube.apiserver.storage.WatchEvent;
import dev.vkube.apiserver.storage.WatchHandle;
import dev.vkube.apiserver.storage.WatchListener;
import dev.vkube.apiserver.storage.WatchOptions;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.watch.WatchResponse;
import io.etcd.jetcd.options.WatchOption;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One caller's watch straight on etcd (etcd3/watcher.go): optional initial state from a list, then an
 * etcd watch with prevKv so a per-watcher filter turns updates into ADDED/MODIFIED/DELETED as upstream
 * does. Bookmarks carry the last revision delivered, which is always safe to resume from. Events are
 * handed to the listener on a serial executor, never on jetcd's threads. Any etcd error ends the watch
 * (EXPIRED when the revision is compacted), so the client watches again.
 */
final class EtcdWatch implements WatchHandle {
  private static final System.Logger LOG = System.getLogger(EtcdWatch.class.getName());

  private final EtcdStorage storage;
  private final Client client;
  private final SerialExecutor serial;
  private final ScheduledExecutorService timer;
  private final Duration bookmarkInterval;
  private final String prefix;
  private final WatchOptions options;
  private final Predicate<ObjectNode> filter;
  private final WatchListener listener;

  private volatile boolean closed;
  private volatile Watch.Watcher etcdWatcher;
  private volatile ScheduledFuture<?> bookmarks;
  // Touched only by tasks of `serial`.
  private long lastRevision;
  private boolean started;

  EtcdWatch(EtcdStorage storage, Client client, Executor executor, ScheduledExecutorService timer,
      Duration bookmarkInterval, String prefix, WatchOptions options, WatchListener listener) {
    this.storage = storage;
    this.client = client;
    this.serial = new SerialExecutor(executor);
    this.timer = timer;
    this.bookmarkInterval = bookmarkInterval;
    this.prefix = prefix;
    this.options = options;
    this.filter = options.filter() == null ? ListOptions.EVERYTHING : options.filter();
    this.listener = listener;
  }

  void start() {
    String rv = options.resourceVersion() == null ? "" : options.resourceVersion();
    if (options.sendInitialEvents() || rv.isEmpty() || rv.equals("0")) {
      ResourceVersionMatch match = rv.isEmpty() || rv.equals("0") ? ResourceVersionMatch.UNSET
          : ResourceVersionMatch.NOT_OLDER_THAN;
      storage.list(prefix, new ListOptions(rv, match, 0, null, filter)).whenComplete((list, failure) ->
          serial.execute(() -> {
            if (failure != null) {
              finish(asStorageException(failure));
            } else {
              startFromState(list);
            }
          }));
    } else {
      long from;
      try {
        from = ListPlan.parseResourceVersion(rv);
      } catch (StorageException e) {
        serial.execute(() -> finish(e));
        return;
      }
      serial.execute(() -> startAfter(from));
    }
    if (options.allowBookmarks()) {
      long millis = bookmarkInterval.toMillis();
      bookmarks = timer.scheduleAtFixedRate(() -> serial.execute(this::bookmark), millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  /** Stops delivery at once; the listener's onClose is not called (the caller knows). */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    stopEtcd();
  }

  private void startFromState(ListResult list) {
    for (StoredObject object : list.items()) {
      deliver(new WatchEvent(WatchEvent.Type.ADDED, object, object.modRevision(), false));
    }
    if (options.sendInitialEvents()) {
      deliver(new WatchEvent(WatchEvent.Type.BOOKMARK, null, list.resourceVersion(), true));
    }
    startAfter(list.resourceVersion());
  }

  private void startAfter(long revision) {
    if (closed) {
      return;
    }
    lastRevision = revision;
    started = true;
    WatchOption option = WatchOption.builder().isPrefix(true).withRevision(revision + 1).withPrevKV(true).build();
    etcdWatcher = client.getWatchClient().watch(EtcdCodec.bytes(prefix), option, Watch.listener(
        response -> serial.execute(() -> onResponse(response)),
        failure -> serial.execute(() -> onError(failure)),
        () -> serial.execute(this::onCompleted)));
    if (closed) {
      stopEtcd();
    }
  }

  private void onResponse(WatchResponse response) {
    for (io.etcd.jetcd.watch.WatchEvent event : response.getEvents()) {
      if (closed) {
        return;
      }
      WatchEvent converted = convert(event);
      if (converted != null) {
        deliver(converted);
      }
      lastRevision = event.getKeyValue().getModRevision();
    }
  }

  /** etcd3 watcher transform: a filter turns updates into ADDED or DELETED for this watcher. */
  private WatchEvent convert(io.etcd.jetcd.watch.WatchEvent event) {
    KeyValue kv = event.getKeyValue();
    long revision = kv.getModRevision();
    String key = EtcdCodec.string(kv.getKey());
    StoredObject old = hasValue(event.getPrevKV()) ? EtcdCodec.decode(key, event.getPrevKV().getValue().getBytes(), revision) : null;
    if (event.getEventType() == io.etcd.jetcd.watch.WatchEvent.EventType.DELETE) {
      return old != null && filter.test(old.object()) ? event(WatchEvent.Type.DELETED, old) : null;
    }
    StoredObject current = EtcdCodec.decode(kv);
    boolean currentPasses = filter.test(current.object());
    if (kv.getCreateRevision() == kv.getModRevision() || old == null) {
      return currentPasses ? event(WatchEvent.Type.ADDED, current) : null;
    }
    boolean oldPasses = filter == ListOptions.EVERYTHING || filter.test(old.object());
    if (currentPasses) {
      return event(oldPasses ? WatchEvent.Type.MODIFIED : WatchEvent.Type.ADDED, current);
    }
    return oldPasses ? event(WatchEvent.Type.DELETED, old) : null;
  }

  private void onError(Throwable failure) {
    Throwable e = EtcdFailures.unwrap(failure);
    if (e instanceof CompactedException compacted) {
      long oldest = compacted.getCompactedRevision() - 1;
      finish(new StorageException(StorageException.Code.EXPIRED, prefix,
          "too old resource version: " + lastRevision + " (" + oldest + ")"));
    } else {
      finish(new StorageException(StorageException.Code.UNREACHABLE, prefix, "etcd watch failed: " + e.getMessage(), e));
    }
  }

  private void onCompleted() {
    finish(new StorageException(StorageException.Code.UNREACHABLE, prefix, "etcd watch ended"));
  }

  private void bookmark() {
    if (started) {
      deliver(new WatchEvent(WatchEvent.Type.BOOKMARK, null, lastRevision, false));
    }
  }

  private void deliver(WatchEvent event) {
    synchronized (this) {
      if (closed) {
        return;
      }
      try {
        listener.onEvent(event);
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "watch listener failed; closing the watch prefix=" + prefix, e);
      }
    }
    finish(new StorageException(StorageException.Code.UNREACHABLE, prefix, "watch listener failed"));
  }

  /** Ends the watch from our side and tells the listener why (null = normal end). */
  private void finish(StorageException error) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    stopEtcd();
    try {
      listener.onClose(error);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "watch listener failed on close prefix=" + prefix, e);
    }
  }

  private void stopEtcd() {
    ScheduledFuture<?> timerTask = bookmarks;
    if (timerTask != null) {
      timerTask.cancel(false);
    }
    Watch.Watcher watcher = etcdWatcher;
    if (watcher != null) {
      watcher.close();
    }
  }

  private static boolean hasValue(KeyValue kv) {
    return kv != null && !kv.getKey().isEmpty() && kv.getVersion() > 0;
  }

  private static WatchEvent event(WatchEvent.Type type, StoredObject object) {
    return new WatchEvent(type, object, object.modRevision(), false);
  }

  private static StorageException asStorageException(Throwable failure) {
    Throwable e = EtcdFailures.translate(failure, null);
    return e instanceof StorageException se ? se
        : new StorageException(StorageException.Code.UNREACHABLE, null, String.valueOf(e.getMessage()), e);
  }
}
