package dev.vkube.apiserver.storage.cache;

import static dev.vkube.apiserver.storage.StorageTesting.configMap;
import static dev.vkube.apiserver.storage.StorageTesting.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.apiserver.storage.ListOptions;
import dev.vkube.apiserver.storage.ListOptions.ResourceVersionMatch;
import dev.vkube.apiserver.storage.ListResult;
import dev.vkube.apiserver.storage.StorageException;
import dev.vkube.apiserver.storage.StorageTesting.Recorder;
import dev.vkube.apiserver.storage.StoredObject;
import dev.vkube.apiserver.storage.WatchEvent;
import dev.vkube.apiserver.storage.WatchHandle;
import dev.vkube.apiserver.storage.WatchListener;
import dev.vkube.apiserver.storage.WatchOptions;
import dev.vkube.apiserver.storage.etcd.EtcdStorage;
import dev.vkube.apiserver.testing.EtcdExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What only the cache does: serve reads from memory once provably fresh, and isolate its watchers. */
class WatchCacheIT {
  @RegisterExtension
  static final EtcdExtension ETCD = new EtcdExtension();
  private static final Duration WAIT = Duration.ofSeconds(5);

  private String prefix;
  private EtcdStorage etcd;
  private CachedStorage cached;

  @BeforeEach
  void start() throws Exception {
    prefix = ETCD.freshPrefix();
    etcd = new EtcdStorage(ETCD.client());
    cached = new CachedStorage(etcd, ETCD.client(), CacheOptions.DEFAULTS.withFreshnessTimeout(Duration.ofSeconds(2)));
    join(cached.start(prefix));
  }

  @AfterEach
  void stop() {
    cached.close();
    etcd.close();
  }

  @Test
  void consistentListIsServedFromCacheAfterUnrelatedWrites() {
    join(cached.create(prefix + "ns/a", configMap("a")));
    String elsewhere = ETCD.freshPrefix();
    for (int i = 0; i < 3; i++) {
      join(etcd.create(elsewhere + "ns/x" + i, configMap("x" + i)));
    }
    long current = join(etcd.currentRevision());

    ListResult first = join(cached.list(prefix, ListOptions.ALL));
    ListResult second = join(cached.list(prefix, ListOptions.ALL));

    assertTrue(first.resourceVersion() >= current, "the cache caught up through a progress notification");
    assertSame(first.items().get(0), second.items().get(0), "served from the cache, not decoded again from etcd");
    assertNotSame(first.items().get(0), join(etcd.list(prefix, ListOptions.ALL)).items().get(0));
  }

  @Test
  void namespaceListIsServedByTheResourceCache() {
    join(cached.create(prefix + "ns/a", configMap("a")));
    join(cached.create(prefix + "other/b", configMap("b")));

    ListResult namespace = join(cached.list(prefix + "ns/", ListOptions.ALL));
    ListResult all = join(cached.list(prefix, ListOptions.ALL));

    assertEquals(1, namespace.items().size());
    assertSame(all.items().get(0), namespace.items().get(0));
  }

  @Test
  void notOlderThanListWaitsForTheCache() {
    StoredObject a = join(cached.create(prefix + "ns/a", configMap("a")));

    ListResult list = join(cached.list(prefix,
        new ListOptions(Long.toString(a.modRevision()), ResourceVersionMatch.NOT_OLDER_THAN, 0, null, null)));

    assertEquals(1, list.items().size());
    assertTrue(list.resourceVersion() >= a.modRevision());
  }

  @Test
  void throwingListenerIsClosedWhileOthersGoOn() {
    Recorder healthy = new Recorder();
    Recorder closedWith = new Recorder();
    WatchListener throwing = new WatchListener() {
      @Override
      public void onEvent(WatchEvent event) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void onClose(StorageException error) {
        closedWith.onClose(error);
      }
    };
    try (WatchHandle bad = cached.watch(prefix, new WatchOptions("0", false, false, null), throwing);
        WatchHandle good = cached.watch(prefix, new WatchOptions("0", false, false, null), healthy)) {
      join(cached.create(prefix + "ns/a", configMap("a")));
      join(cached.create(prefix + "ns/b", configMap("b")));

      await().atMost(WAIT).until(() -> healthy.changes().size() == 2);
      assertTrue(closedWith.closed());
      assertEquals(StorageException.Code.UNREACHABLE, closedWith.closedWith().code());
    }
  }

  @Test
  void watchFromFutureRevisionStartsAfterIt() {
    StoredObject a = join(cached.create(prefix + "ns/a", configMap("a")));
    Recorder recorder = new Recorder();

    try (WatchHandle ignored = cached.watch(prefix,
        new WatchOptions(Long.toString(a.modRevision() + 1), false, false, null), recorder)) {
      join(cached.create(prefix + "ns/b", configMap("b")));
      StoredObject c = join(cached.create(prefix + "ns/c", configMap("c")));

      await().atMost(WAIT).until(() -> recorder.changes().size() >= 1);
      assertEquals(List.of("ADDED c@" + c.modRevision()), recorder.described());
    }
  }
}
