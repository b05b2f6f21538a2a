package dev.vkube.apiserver.storage.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.storage.ListOptions;
import dev.vkube.apiserver.storage.ListResult;
import dev.vkube.apiserver.storage.SerialExecutor;
import dev.vkube.apiserver.storage.StorageException;
import dev.vkube.apiserver.storage.StoredObject;
import dev.vkube.apiserver.storage.WatchEvent;
import dev.vkube.apiserver.storage.WatchListener;
import dev.vkube.apiserver.storage.WatchOptions;
import dev.vkube.apiserver.storage.etcd.EtcdCodec;
import dev.vkube.apiserver.storage.etcd.EtcdFailures;
import dev.vkube.apiserver.storage.etcd.EtcdStorage;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The watch cache of one resource prefix (cacher.go + watch_cache.go, DESIGN decision 3): a list of
 * the prefix at revision R, then one etcd watch from R+1 (with prevKv and progress notifications)
 * keeps a sorted map of the current objects and a window of recent events. The cache's revision is the
 * last revision it knows to be complete: the last event, or a later revision from a progress
 * notification (requested when a reader waits for a revision, since writes elsewhere in etcd move the
 * revision without events here).
 *
 * <p>All state belongs to one serial dispatcher: etcd responses, reads, watcher registration and
 * fan-out run as its tasks in order, so a watcher registered between two events sees exactly the later
 * one. Listeners are called on it and must not block. If the etcd watch is compacted or ends, the cache
 * closes its watchers with an error, relists and starts again.
 *
 * <p>This file is longer than our usual ~300 lines (about 550) because the dispatcher-owned state and
 * every task that touches it stay in one class, which is what keeps it single-threaded.
 */
final class WatchCache implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WatchCache.class.getName());
  private static final long PROGRESS_REQUEST_MS = 50;
  /** How often a cache nobody waits on checks a progress notification (its bookmarks still advance). */
  private static final long IDLE_PROGRESS_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final String resourcePrefix;
  private final EtcdStorage etcd;
  private final Client client;
  private final CacheOptions options;
  private final SerialExecutor dispatcher;
  private final Executor completions;
  private final ScheduledExecutorService timer;
  private final CompletableFuture<Void> firstReady = new CompletableFuture<>();
  private final AtomicBoolean watchersDirty = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();

  // Owned by the dispatcher.
  private final TreeMap<String, StoredObject> store = new TreeMap<>();
  private final EventWindow window;
  private final List<CacheWatcher> watchers = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private long listRevision;
  private long lastEventRevision;
  private boolean ready;
  private boolean closed;
  private int generation;
  private Watch.Watcher etcdWatcher;
  private ScheduledFuture<?> progressTicker;
  private ScheduledFuture<?> bookmarkTicker;
  /** A progress check is in flight; the newest progress revision that arrived meanwhile; when one began. */
  private boolean checkingProgress;
  private long pendingProgress;
  private long lastProgressCheckNanos;
  /** Written by the dispatcher only; read anywhere. */
  private volatile long revision;

  private static final class Waiter {
    final long minRevision;
    final Runnable action;
    final Runnable onTimeout;
    ScheduledFuture<?> timeout;

    Waiter(long minRevision, Runnable action, Runnable onTimeout) {
      this.minRevision = minRevision;
      this.action = action;
      this.onTimeout = onTimeout;
    }
  }

  /**
   * @param pool runs the dispatcher (shared by every resource's cache)
   * @param completions completes list results, so a caller's continuation never runs on the dispatcher
   */
  WatchCache(String resourcePrefix, EtcdStorage etcd, Client client, CacheOptions options, Executor pool,
      Executor completions, ScheduledExecutorService timer) {
    this.resourcePrefix = resourcePrefix;
    this.etcd = etcd;
    this.client = client;
    this.options = options;
    this.dispatcher = new SerialExecutor(pool);
    this.completions = completions;
    this.timer = timer;
    this.window = new EventWindow(options.windowCapacity());
  }

  /** Lists and starts watching; completes when the cache first serves. Idempotent. */
  CompletionStage<Void> start() {
    if (!started.compareAndSet(false, true)) {
      return firstReady;
    }
    long interval = options.bookmarkInterval().toMillis();
    dispatcher.execute(() -> {
      bookmarkTicker = timer.scheduleAtFixedRate(
          () -> dispatcher.execute(this::sendBookmarks), interval, interval, TimeUnit.MILLISECONDS);
      relist(generation);
    });
    return firstReady;
  }

  String resourcePrefix() {
    return resourcePrefix;
  }

  /** The revision the cache is complete up to (0 before the first list). */
  long revision() {
    return revision;
  }

  /**
   * The objects under {@code prefix} passing {@code filter}, in key order, once the cache has reached
   * {@code minRevision}; completes with null if it does not within the freshness timeout.
   */
  CompletionStage<ListResult> list(String prefix, Predicate<ObjectNode> filter, long minRevision) {
    CompletableFuture<ListResult> result = new CompletableFuture<>();
    whenAtLeast(minRevision, () -> {
      ListResult snapshot = snapshot(prefix, filter);
      completions.execute(() -> result.complete(snapshot));
    }, () -> completions.execute(() -> result.complete(null)));
    return result;
  }

  /**
   * A watch that starts with the current state (ADDED events, then the initial-events-end bookmark if
   * asked) once the cache has reached {@code minRevision}.
   */
  CacheWatcher watchFromState(String prefix, WatchOptions watchOptions, WatchListener listener, long minRevision) {
    CacheWatcher watcher = newWatcher(prefix, watchOptions, listener);
    registerFromState(watcher, watchOptions.sendInitialEvents(), minRevision);
    return watcher;
  }

  /** A watch of every change after {@code resourceVersion}, replayed from the window then live. */
  CacheWatcher watchAfter(String prefix, WatchOptions watchOptions, WatchListener listener, long resourceVersion) {
    CacheWatcher watcher = newWatcher(prefix, watchOptions, listener);
    whenAtLeast(0, () -> startAfter(watcher, resourceVersion), () -> watcher.fail(notReady()));
    return watcher;
  }

  /** A watch not yet registered: for a caller that must learn its start revision first. */
  CacheWatcher newWatcher(String prefix, WatchOptions watchOptions, WatchListener listener) {
    return new CacheWatcher(prefix, watchOptions.filter(), watchOptions.allowBookmarks(), listener,
        () -> watchersDirty.set(true));
  }

  /**
   * Registers {@code watcher} from the current state once the cache reached {@code minRevision}; fails
   * it with TOO_LARGE_RESOURCE_VERSION if the cache does not get there within the freshness timeout.
   */
  void registerFromState(CacheWatcher watcher, boolean sendInitialEvents, long minRevision) {
    whenAtLeast(minRevision, () -> startFromState(watcher, sendInitialEvents),
        () -> watcher.fail(tooLarge(minRevision)));
  }

  /**
   * Restarts as if the etcd watch had ended: watchers close with UNREACHABLE and the cache relists.
   * For tests of the recovery path, which a healthy etcd never takes.
   */
  void restartNow() {
    dispatcher.execute(() -> onWatchEnded(generation));
  }

  /** Stops the etcd watch and ends every watcher normally. */
  @Override
  public void close() {
    dispatcher.execute(() -> {
      closed = true;
      generation++;
      stopEtcdWatch();
      cancel(bookmarkTicker);
      cancel(progressTicker);
      failWatchers(null);
      List<Waiter> pending = new ArrayList<>(waiters);
      waiters.clear();
      pending.forEach(w -> {
        cancel(w.timeout);
        w.onTimeout.run();
      });
      firstReady.completeExceptionally(new StorageException(StorageException.Code.UNREACHABLE, resourcePrefix,
          "watch cache closed"));
    });
  }

  // ---- reads and registration (dispatcher) ----

  /** Runs {@code action} on the dispatcher once ready at {@code minRevision}, or {@code onTimeout}. */
  private void whenAtLeast(long minRevision, Runnable action, Runnable onTimeout) {
    dispatcher.execute(() -> {
      if (closed) {
        onTimeout.run();
      } else if (ready && revision >= minRevision) {
        action.run();
      } else {
        Waiter waiter = new Waiter(minRevision, action, onTimeout);
        waiters.add(waiter);
        waiter.timeout = timer.schedule(() -> dispatcher.execute(() -> expire(waiter)),
            options.freshnessTimeout().toMillis(), TimeUnit.MILLISECONDS);
        requestProgress();
      }
    });
  }

  private void expire(Waiter waiter) {
    if (waiters.remove(waiter)) {
      waiter.onTimeout.run();
    }
  }

  private void releaseWaiters() {
    if (waiters.isEmpty() || !ready) {
      return;
    }
    List<Waiter> due = new ArrayList<>();
    waiters.removeIf(w -> w.minRevision <= revision && due.add(w));
    for (Waiter waiter : due) {
      cancel(waiter.timeout);
      waiter.action.run();
    }
    if (!waiters.isEmpty()) {
      requestProgress();
    }
  }

  /** Asks etcd for a progress notification now and every 50 ms while someone waits. */
  private void requestProgress() {
    if (etcdWatcher == null || progressTicker != null) {
      return;
    }
    etcdWatcher.requestProgress();
    progressTicker = timer.scheduleWithFixedDelay(() -> dispatcher.execute(this::progressTick),
        PROGRESS_REQUEST_MS, PROGRESS_REQUEST_MS, TimeUnit.MILLISECONDS);
  }

  private void progressTick() {
    if (waiters.isEmpty() || closed) {
      cancel(progressTicker);
      progressTicker = null;
    } else if (etcdWatcher != null) {
      etcdWatcher.requestProgress();
    }
  }

  private ListResult snapshot(String prefix, Predicate<ObjectNode> filter) {
    Predicate<ObjectNode> test = filter == null ? ListOptions.EVERYTHING : filter;
    List<StoredObject> items = new ArrayList<>();
    for (Map.Entry<String, StoredObject> entry : store.tailMap(prefix, true).entrySet()) {
      if (!entry.getKey().startsWith(prefix)) {
        break;
      }
      if (test == ListOptions.EVERYTHING || test.test(entry.getValue().object())) {
        items.add(entry.getValue());
      }
    }
    return new ListResult(items, revision, null, null);
  }

  private void startFromState(CacheWatcher watcher, boolean sendInitialEvents) {
    if (watcher.isClosed()) {
      return;
    }
    for (Map.Entry<String, StoredObject> entry : store.tailMap(watcher.prefix(), true).entrySet()) {
      if (!entry.getKey().startsWith(watcher.prefix())) {
        break;
      }
      StoredObject object = entry.getValue();
      if (watcher.matches(object)) {
        watcher.deliver(new WatchEvent(WatchEvent.Type.ADDED, object, object.modRevision(), false));
      }
    }
    if (sendInitialEvents) {
      watcher.deliver(new WatchEvent(WatchEvent.Type.BOOKMARK, null, revision, true));
    }
    watcher.startAfter(lastEventRevision);
    watchers.add(watcher);
  }

  /** getAllEventsSinceLocked: the window must still hold every event after {@code resourceVersion}. */
  private void startAfter(CacheWatcher watcher, long resourceVersion) {
    if (watcher.isClosed()) {
      return;
    }
    long oldest = window.evicted() ? window.oldestRevision() : listRevision + 1;
    if (resourceVersion < oldest - 1) {
      watcher.fail(new StorageException(StorageException.Code.EXPIRED, resourcePrefix,
          "too old resource version: " + resourceVersion + " (" + (oldest - 1) + ")"));
      return;
    }
    watcher.startAfter(resourceVersion);
    for (CacheEvent event : window.after(resourceVersion)) {
      watcher.offer(event);
    }
    watchers.add(watcher);
  }

  private void sendBookmarks() {
    if (!ready) {
      return;
    }
    for (CacheWatcher watcher : watchers) {
      if (watcher.allowBookmarks() && revision >= watcher.fromRevision()) {
        watcher.deliver(new WatchEvent(WatchEvent.Type.BOOKMARK, null, revision, false));
      }
    }
    pruneWatchers();
  }

  // ---- feeding from etcd (dispatcher) ----

  private void relist(int gen) {
    if (closed || gen != generation) {
      return;
    }
    listAll(new ArrayList<>(), null, 0).whenComplete((items, failure) -> dispatcher.execute(() -> {
      if (closed || gen != generation) {
        return;
      }
      if (failure != null) {
        LOG.log(Level.WARNING, "watch cache list failed; retrying prefix=" + resourcePrefix, failure);
        scheduleRelist(gen);
        return;
      }
      replace(items.items(), items.resourceVersion());
      openEtcdWatch(gen);
      firstReady.complete(null);
      releaseWaiters();
    }));
  }

  /** Every object of the prefix at one revision, in pages (a continue keeps the first page's revision). */
  private CompletionStage<ListResult> listAll(List<StoredObject> items, String token, long listedAt) {
    ListOptions page = new ListOptions("", ListOptions.ResourceVersionMatch.UNSET,
        options.initialListPageSize(), token, ListOptions.EVERYTHING);
    return etcd.list(resourcePrefix, page).thenCompose(result -> {
      items.addAll(result.items());
      long at = listedAt == 0 ? result.resourceVersion() : listedAt;
      if (result.continueToken() == null) {
        return CompletableFuture.completedFuture(new ListResult(items, at, null, null));
      }
      return listAll(items, result.continueToken(), at);
    });
  }

  private void replace(List<StoredObject> items, long listedAt) {
    store.clear();
    for (StoredObject item : items) {
      store.put(item.key(), item);
    }
    window.clear();
    listRevision = listedAt;
    lastEventRevision = listedAt;
    revision = listedAt;
    ready = true;
  }

  private void openEtcdWatch(int gen) {
    WatchOption option = WatchOption.builder().isPrefix(true).withRevision(listRevision + 1).withPrevKV(true)
        .withProgressNotify(true).build();
    etcdWatcher = client.getWatchClient().watch(EtcdCodec.bytes(resourcePrefix), option, Watch.listener(
        response -> dispatcher.execute(() -> onResponse(gen, response)),
        failure -> dispatcher.execute(() -> onWatchError(gen, failure)),
        () -> dispatcher.execute(() -> onWatchEnded(gen))));
  }

  private void onResponse(int gen, WatchResponse response) {
    if (closed || gen != generation) {
      return;
    }
    List<io.etcd.jetcd.watch.WatchEvent> events = response.getEvents();
    if (events.isEmpty()) {
      onProgress(gen, response.getHeader().getRevision());
      return;
    }
    // jetcd resumes a broken stream from the last revision it saw, which may repeat that revision.
    long applied = lastEventRevision;
    for (io.etcd.jetcd.watch.WatchEvent event : events) {
      long eventRevision = event.getKeyValue().getModRevision();
      if (eventRevision <= applied) {
        continue;
      }
      CacheEvent change = apply(event);
      lastEventRevision = eventRevision;
      if (change != null) {
        window.add(change);
        dispatch(change);
      }
    }
    pruneWatchers();
    advance(lastEventRevision);
  }

  /**
   * A progress notification says every event up to {@code progressRevision} was sent, but etcd before
   * 3.4.25/3.5.8 may send it ahead of queued events (etcd-io/etcd#15220; kube-apiserver only trusts
   * progress from 3.4.31/3.5.13). So the revision advances only once etcd confirms that at that
   * revision no key of the prefix changed after our last event and the key count is ours: then the
   * state at {@code progressRevision} is exactly the cache's.
   */
  private void onProgress(int gen, long progressRevision) {
    if (progressRevision <= revision) {
      return;
    }
    // Both checks scan the whole prefix, and etcd 3.4 reads every value to apply min_mod_revision
    // (apply.go fetches without limit when a revision filter is set): ~40 MB for 30,000 config maps.
    // One check at a time per cache, the newest notification kept for the next; a cache nobody waits
    // on checks at most once a second. Unbounded, they piled up while reads waited (progress is asked
    // every 50 ms): api-bench's consistent lists took 2.8 s and etcd 7 s of cpu each.
    if (checkingProgress) {
      pendingProgress = Math.max(pendingProgress, progressRevision);
      return;
    }
    long now = System.nanoTime();
    if (waiters.isEmpty() && now - lastProgressCheckNanos < IDLE_PROGRESS_CHECK_NANOS) {
      return;
    }
    checkingProgress = true;
    lastProgressCheckNanos = now;
    long base = lastEventRevision;
    int size = store.size();
    ByteSequence key = EtcdCodec.bytes(resourcePrefix);
    ByteSequence end = EtcdCodec.prefixEnd(resourcePrefix);
    CompletableFuture<GetResponse> changed = client.getKVClient().get(key, GetOption.builder().withRange(end)
        .withRevision(progressRevision).withMinModRevision(base + 1).withKeysOnly(true).withLimit(1).build());
    CompletableFuture<GetResponse> count = client.getKVClient().get(key, GetOption.builder().withRange(end)
        .withRevision(progressRevision).withCountOnly(true).build());
    changed.thenCombine(count, (c, n) -> c.getKvs().isEmpty() && n.getCount() == size)
        .whenComplete((unchanged, failure) -> dispatcher.execute(() -> {
          checkingProgress = false;
          if (!closed && gen == generation && failure == null && unchanged && lastEventRevision == base) {
            advance(progressRevision);
          }
          long next = pendingProgress;
          pendingProgress = 0;
          if (!closed && gen == generation && next > revision) {
            onProgress(gen, next);
          }
        }));
  }

  private CacheEvent apply(io.etcd.jetcd.watch.WatchEvent event) {
    KeyValue kv = event.getKeyValue();
    String key = EtcdCodec.string(kv.getKey());
    long eventRevision = kv.getModRevision();
    try {
      if (event.getEventType() == io.etcd.jetcd.watch.WatchEvent.EventType.PUT) {
        StoredObject object = EtcdCodec.decode(kv);
        StoredObject previous = store.put(key, object);
        WatchEvent.Type type = previous == null ? WatchEvent.Type.ADDED : WatchEvent.Type.MODIFIED;
        return new CacheEvent(type, key, object, previous, eventRevision);
      }
      StoredObject previous = store.remove(key);
      if (previous == null) {
        return null;
      }
      return new CacheEvent(WatchEvent.Type.DELETED, key, EtcdCodec.withRevision(previous, eventRevision), previous,
          eventRevision);
    } catch (StorageException e) {
      LOG.log(Level.ERROR, "watch cache skipped an undecodable object key=" + key, e);
      store.remove(key);
      return null;
    }
  }

  private void dispatch(CacheEvent change) {
    revision = Math.max(revision, change.revision());
    for (CacheWatcher watcher : watchers) {
      watcher.offer(change);
    }
  }

  private void advance(long toRevision) {
    if (toRevision > revision) {
      revision = toRevision;
    }
    releaseWaiters();
  }

  private void onWatchError(int gen, Throwable failure) {
    if (closed || gen != generation) {
      return;
    }
    if (EtcdFailures.unwrap(failure) instanceof CompactedException) {
      restart(new StorageException(StorageException.Code.EXPIRED, resourcePrefix,
          "the watch cache fell behind an etcd compaction; list again"));
    } else {
      // Transient: jetcd resumes the watch from the last revision by itself (or ends it, see below).
      LOG.log(Level.DEBUG, "etcd watch error; jetcd resumes prefix=" + resourcePrefix, failure);
    }
  }

  private void onWatchEnded(int gen) {
    if (!closed && gen == generation) {
      restart(new StorageException(StorageException.Code.UNREACHABLE, resourcePrefix, "etcd watch ended"));
    }
  }

  /** Drops the state, closes the watchers with {@code error} (so clients watch again) and relists. */
  private void restart(StorageException error) {
    LOG.log(Level.WARNING, "watch cache restarting prefix=" + resourcePrefix + " reason=" + error.getMessage());
    int gen = ++generation;
    ready = false;
    stopEtcdWatch();
    failWatchers(error);
    store.clear();
    window.clear();
    scheduleRelist(gen);
  }

  private void scheduleRelist(int gen) {
    timer.schedule(() -> dispatcher.execute(() -> relist(gen)), options.restartDelay().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void stopEtcdWatch() {
    Watch.Watcher watcher = etcdWatcher;
    etcdWatcher = null;
    cancel(progressTicker);
    progressTicker = null;
    if (watcher != null) {
      watcher.close();
    }
  }

  private void failWatchers(StorageException error) {
    List<CacheWatcher> all = new ArrayList<>(watchers);
    watchers.clear();
    all.forEach(w -> w.fail(error));
  }

  private void pruneWatchers() {
    if (watchersDirty.getAndSet(false)) {
      watchers.removeIf(CacheWatcher::isClosed);
    }
  }

  private StorageException tooLarge(long requested) {
    return new StorageException(StorageException.Code.TOO_LARGE_RESOURCE_VERSION, resourcePrefix,
        "Too large resource version: " + requested + ", current: " + revision);
  }

  private StorageException notReady() {
    return new StorageException(StorageException.Code.UNREACHABLE, resourcePrefix, "the watch cache is not ready");
  }

  private static void cancel(ScheduledFuture<?> future) {
    if (future != null) {
      future.cancel(false);
    }
  }
}
