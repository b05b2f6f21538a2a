package dev.vkube.apiserver.storage.cache;

import java.time.Duration;

/**
 * Tuning of the watch caches.
 *
 * @param windowCapacity events kept per resource for resuming watches (older: 410 Expired). A count,
 *     not a time: upstream sizes its window by count too (with a 75 s freshness goal on top).
 * @param bookmarkInterval how often watchers that allow bookmarks get one
 * @param freshnessTimeout how long a read waits for the cache to reach a revision before giving up
 *     (a consistent list then falls back to etcd; NotOlderThan fails with TOO_LARGE_RESOURCE_VERSION)
 * @param initialListPageSize keys per etcd page when the cache (re)lists a resource
 * @param restartDelay pause before a cache relists after its etcd watch failed
 * @param dispatchThreads threads shared by every resource's event dispatch
 */
public record CacheOptions(
    int windowCapacity, Duration bookmarkInterval, Duration freshnessTimeout, int initialListPageSize,
    Duration restartDelay, int dispatchThreads) {

  public static final int DEFAULT_WINDOW_CAPACITY = 1024;
  public static final Duration DEFAULT_BOOKMARK_INTERVAL = Duration.ofMinutes(1);
  /** Upstream's blockTimeout for waitUntilFreshAndBlock is 3 s. */
  public static final Duration DEFAULT_FRESHNESS_TIMEOUT = Duration.ofSeconds(3);
  /** Upstream's cacher lists etcd in pages of 10,000. */
  public static final int DEFAULT_INITIAL_LIST_PAGE_SIZE = 10_000;
  public static final Duration DEFAULT_RESTART_DELAY = Duration.ofSeconds(1);
  public static final int DEFAULT_DISPATCH_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

  public static final CacheOptions DEFAULTS = new CacheOptions(DEFAULT_WINDOW_CAPACITY, DEFAULT_BOOKMARK_INTERVAL,
      DEFAULT_FRESHNESS_TIMEOUT, DEFAULT_INITIAL_LIST_PAGE_SIZE, DEFAULT_RESTART_DELAY, DEFAULT_DISPATCH_THREADS);

  public CacheOptions withWindowCapacity(int capacity) {
    return new CacheOptions(capacity, bookmarkInterval, freshnessTimeout, initialListPageSize, restartDelay,
        dispatchThreads);
  }

  public CacheOptions withBookmarkInterval(Duration interval) {
    return new CacheOptions(windowCapacity, interval, freshnessTimeout, initialListPageSize, restartDelay,
        dispatchThreads);
  }

  public CacheOptions withFreshnessTimeout(Duration timeout) {
    return new CacheOptions(windowCapacity, bookmarkInterval, timeout, initialListPageSize, restartDelay,
        dispatchThreads);
  }
}
