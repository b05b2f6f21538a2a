package dev.vkube.apiserver.storage;

import dev.vkube.apiserver.storage.cache.CacheOptions;
import dev.vkube.apiserver.storage.cache.CachedStorage;
import dev.vkube.apiserver.storage.etcd.EtcdStorage;
import dev.vkube.apiserver.testing.EtcdExtension;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The storage contract through the watch cache. Each test starts the cache of its prefix first, as the
 * server starts one per resource: a cache cannot resume watches from before its first list.
 */
class CachedStorageIT extends StorageContractTest {
  @RegisterExtension
  static final EtcdExtension ETCD = new EtcdExtension();

  private EtcdStorage etcdStorage;

  @Override
  protected EtcdExtension etcd() {
    return ETCD;
  }

  @Override
  protected Storage createStorage(String prefix) throws Exception {
    etcdStorage = new EtcdStorage(ETCD.client(), ForkJoinPool.commonPool(), BOOKMARK_INTERVAL);
    CacheOptions options = CacheOptions.DEFAULTS.withWindowCapacity(WINDOW).withBookmarkInterval(BOOKMARK_INTERVAL)
        .withFreshnessTimeout(Duration.ofMillis(500));
    CachedStorage cached = new CachedStorage(etcdStorage, ETCD.client(), options);
    cached.start(prefix).toCompletableFuture().get(10, TimeUnit.SECONDS);
    return cached;
  }

  @Override
  protected void closeStorage(Storage storage) {
    ((CachedStorage) storage).close();
    etcdStorage.close();
  }
}
