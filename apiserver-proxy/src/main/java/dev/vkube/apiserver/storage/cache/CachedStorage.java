package dev.vkube.apiserver.storage.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.storage.Claims;
import dev.vkube.apiserver.storage.DeleteValidation;
import dev.vkube.apiserver.storage.ListOptions;
import dev.vkube.apiserver.storage.ListOptions.ResourceVersionMatch;
import dev.vkube.apiserver.storage.ListResult;
import dev.vkube.apiserver.storage.Preconditions;
import dev.vkube.apiserver.storage.Storage;
import dev.vkube.apiserver.storage.StorageException;
import dev.vkube.apiserver.storage.StoredObject;
import dev.vkube.apiserver.storage.UpdateFunction;
import dev.vkube.apiserver.storage.WatchHandle;
import dev.vkube.apiserver.storage.WatchListener;
import dev.vkube.apiserver.storage.WatchOptions;
import dev.vkube.apiserver.storage.etcd.EtcdStorage;
import io.etcd.jetcd.Client;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The caching decorator (cacher/delegator.go): writes and get go to etcd; list and watch are served by
 * one {@link WatchCache} per resource prefix.
 *
 * <p>Call {@link #start(String)} with each resource's prefix ({@code <etcd-prefix>/configmaps/}) when the
 * server starts, as kube-apiserver starts a cacher per resource: a list or watch of a narrower prefix
 * (one namespace) is then served by that resource's cache. A prefix no started cache covers gets its
 * own cache on first use. Like upstream, a watch cache created now cannot resume watches from before
 * its first list (410 Expired).
 *
 * <p>List: a continue token, an Exact match or a limit (unless resourceVersion is "0") go to etcd, as
 * upstream's shouldDelegateList; "" is a consistent read (the current etcd revision, then served by the
 * cache once it has caught up, else by etcd); "0" is served at once; N waits until the cache reaches N.
 *
 * <p>Threads: each cache's events are dispatched on a small shared pool ({@link
 * CacheOptions#dispatchThreads()}), listeners are called there and must not block; list results are
 * completed on the common pool, never on a dispatcher.
 */
public final class CachedStorage implements Storage, AutoCloseable {
  private final EtcdStorage etcd;
  private final Client client;
  private final CacheOptions options;
  private final ExecutorService pool;
  private final ScheduledThreadPoolExecutor timer;
  private final Map<String, WatchCache> caches = new ConcurrentHashMap<>();

  public CachedStorage(EtcdStorage etcd, Client client) {
    this(etcd, client, CacheOptions.DEFAULTS);
  }

  /** {@code client} is the one {@code etcd} uses; the cache opens its etcd watches on it. */
  public CachedStorage(EtcdStorage etcd, Client client, CacheOptions options) {
    this.etcd = etcd;
    this.client = client;
    this.options = options;
    this.pool = Executors.newFixedThreadPool(options.dispatchThreads(), daemonThreads("vkube-watch-cache-"));
    this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("vkube-watch-cache-timer-"));
    this.timer.setRemoveOnCancelPolicy(true);
  }

  /** Starts the cache of a resource prefix (ending with '/'); completes once it serves. Idempotent. */
  public CompletionStage<Void> start(String resourcePrefix) {
    return caches.computeIfAbsent(resourcePrefix, this::newCache).start();
  }

  /** The revision the cache serving {@code prefix} has reached (0 if none yet); for tests and metrics. */
  public long cacheRevision(String prefix) {
    WatchCache cache = find(prefix);
    return cache == null ? 0 : cache.revision();
  }

  @Override
  public CompletionStage<StoredObject> create(String key, ObjectNode object, Claims claims) {
    return etcd.create(key, object, claims);
  }

  @Override
  public CompletionStage<StoredObject> get(String key) {
    return etcd.get(key);
  }

  @Override
  public CompletionStage<StoredObject> guaranteedUpdate(
      String key, Preconditions preconditions, boolean ignoreNotFound, UpdateFunction update, Claims claims) {
    return etcd.guaranteedUpdate(key, preconditions, ignoreNotFound, update, claims);
  }

  @Override
  public CompletionStage<StoredObject> delete(String key, Preconditions preconditions, DeleteValidation validation,
      Claims claims) {
    return etcd.delete(key, preconditions, validation, claims);
  }

  @Override
  public CompletionStage<Long> currentRevision() {
    return etcd.currentRevision();
  }

  @Override
  public CompletionStage<ListResult> list(String prefix, ListOptions options) {
    if (delegatesToEtcd(options)) {
      return etcd.list(prefix, options);
    }
    WatchCache cache = cacheFor(prefix);
    String rv = resourceVersion(options.resourceVersion());
    if (rv.isEmpty()) {
      return etcd.currentRevision().thenCompose(current ->
          cache.list(prefix, options.filter(), current).thenCompose(result ->
              result != null ? CompletableFuture.completedFuture(result) : etcd.list(prefix, options)));
    }
    long minRevision;
    try {
      minRevision = EtcdStorage.parseResourceVersion(rv);
    } catch (StorageException e) {
      return CompletableFuture.failedFuture(e);
    }
    return cache.list(prefix, options.filter(), minRevision).thenCompose(result -> {
      if (result != null) {
        return CompletableFuture.completedFuture(result);
      }
      if (minRevision == 0) {
        return etcd.list(prefix, options);
      }
      return CompletableFuture.failedFuture(new StorageException(StorageException.Code.TOO_LARGE_RESOURCE_VERSION,
          prefix, "Too large resource version: " + minRevision + ", current: " + cache.revision()));
    });
  }

  @Override
  public WatchHandle watch(String prefix, WatchOptions options, WatchListener listener) {
    WatchCache cache = cacheFor(prefix);
    String rv = resourceVersion(options.resourceVersion());
    if (rv.isEmpty()) {
      CacheWatcher watcher = cache.newWatcher(prefix, options, listener);
      etcd.currentRevision().whenComplete((current, failure) -> {
        if (failure != null) {
          watcher.fail(new StorageException(StorageException.Code.UNREACHABLE, prefix,
              "cannot read the current revision: " + failure.getMessage(), failure));
        } else {
          cache.registerFromState(watcher, options.sendInitialEvents(), current);
        }
      });
      return watcher;
    }
    long requested;
    try {
      requested = EtcdStorage.parseResourceVersion(rv);
    } catch (StorageException e) {
      CacheWatcher watcher = cache.newWatcher(prefix, options, listener);
      watcher.fail(e);
      return watcher;
    }
    if (requested == 0 || options.sendInitialEvents()) {
      return cache.watchFromState(prefix, options, listener, requested);
    }
    return cache.watchAfter(prefix, options, listener, requested);
  }

  /** Stops every cache (their watchers end normally) and the cache threads; etcd and the client stay open. */
  @Override
  public void close() {
    caches.values().forEach(WatchCache::close);
    caches.clear();
    pool.shutdown();
    timer.shutdownNow();
    try {
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** shouldDelegateList: what the cache cannot answer exactly. */
  private static boolean delegatesToEtcd(ListOptions options) {
    String rv = resourceVersion(options.resourceVersion());
    boolean continuing = options.continueToken() != null && !options.continueToken().isEmpty();
    boolean limited = options.limit() > 0 && !rv.equals("0");
    return continuing || limited || options.match() == ResourceVersionMatch.EXACT;
  }

  private WatchCache cacheFor(String prefix) {
    WatchCache cache = find(prefix);
    if (cache != null) {
      return cache;
    }
    WatchCache created = caches.computeIfAbsent(prefix, this::newCache);
    created.start();
    return created;
  }

  /** The cache whose resource prefix is the longest one covering {@code prefix}. */
  private WatchCache find(String prefix) {
    WatchCache best = null;
    for (WatchCache cache : caches.values()) {
      String covering = cache.resourcePrefix();
      if (prefix.startsWith(covering) && (best == null || covering.length() > best.resourcePrefix().length())) {
        best = cache;
      }
    }
    return best;
  }

  private WatchCache newCache(String resourcePrefix) {
    return new WatchCache(resourcePrefix, etcd, client, options, pool, ForkJoinPool.commonPool(), timer);
  }

  private static String resourceVersion(String rv) {
    return rv == null ? "" : rv;
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
