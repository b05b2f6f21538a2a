package dev.vkube.apiserver.storage.cache;

import static dev.vkube.apiserver.storage.StorageTesting.configMap;
import static dev.vkube.apiserver.storage.StorageTesting.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vkube.apiserver.storage.ListOptions;
import dev.vkube.apiserver.storage.StorageException;
import dev.vkube.apiserver.storage.StorageTesting.Recorder;
import dev.vkube.apiserver.storage.StoredObject;
import dev.vkube.apiserver.storage.WatchOptions;
import dev.vkube.apiserver.storage.etcd.EtcdStorage;
import dev.vkube.apiserver.testing.EtcdExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The recovery path: the cache's etcd watch ends, watchers are told, the cache relists. */
class WatchCacheRestartIT {
  @RegisterExtension
  static final EtcdExtension ETCD = new EtcdExtension();
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private String prefix;
  private EtcdStorage etcd;
  private WatchCache cache;

  @BeforeEach
  void start() {
    prefix = ETCD.freshPrefix();
    etcd = new EtcdStorage(ETCD.client());
    CacheOptions options = new CacheOptions(64, Duration.ofMinutes(1), Duration.ofSeconds(2), 2,
        Duration.ofMillis(50), 2);
    cache = new WatchCache(prefix, etcd, ETCD.client(), options, pool, pool, timer);
  }

  @AfterEach
  void stop() {
    cache.close();
    etcd.close();
    pool.shutdown();
    timer.shutdownNow();
  }

  @Test
  void endedEtcdWatchClosesWatchersAndRelists() {
    StoredObject a = join(etcd.create(prefix + "ns/a", configMap("a")));
    join(etcd.create(prefix + "ns/b", configMap("b")));
    join(etcd.create(prefix + "ns/c", configMap("c")));
    join(cache.start());
    Recorder watcher = new Recorder();
    cache.watchAfter(prefix, new WatchOptions("", false, false, null), watcher, cache.revision());

    cache.restartNow();
    await().atMost(WAIT).until(watcher::closed);
    StoredObject d = join(etcd.create(prefix + "ns/d", configMap("d")));

    assertEquals(StorageException.Code.UNREACHABLE, watcher.closedWith().code());
    await().atMost(WAIT).until(() -> names(d.modRevision()).size() == 4);
    assertEquals(List.of("a", "b", "c", "d"), names(d.modRevision()));
    Recorder tooOld = new Recorder();
    cache.watchAfter(prefix, new WatchOptions("", false, false, null), tooOld, a.modRevision());
    await().atMost(WAIT).until(tooOld::closed);
    assertEquals(StorageException.Code.EXPIRED, tooOld.closedWith().code(), "the relisted window starts later");
  }

  private List<String> names(long atLeast) {
    return join(cache.list(prefix, ListOptions.EVERYTHING, atLeast)).items().stream()
        .map(o -> o.object().path("metadata").path("name").asText()).toList();
  }
}
