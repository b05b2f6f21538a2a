package dev.vkube.apiserver.storage.etcd;

import static dev.vkube.apiserver.storage.StorageTesting.join;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.apiserver.testing.EtcdExtension;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.options.GetOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CompactorIT {
  @RegisterExtension
  static final EtcdExtension ETCD = new EtcdExtension();

  @Test
  void eachTickCompactsToTheRevisionSeenAtThePreviousTick() throws Exception {
    KV kv = ETCD.client().getKVClient();
    long written = put("a");
    try (Compactor compactor = new Compactor(ETCD.client(), Duration.ofHours(1))) {
      assertEquals(0L, join(compactor.tick()), "the first tick only records the revision");
      long seenAtFirstTick = currentRevision();
      put("b");

      long compacted = join(compactor.tick());

      assertEquals(seenAtFirstTick, compacted);
      assertTrue(isCompacted(kv, written - 1));
      assertTrue(!isCompacted(kv, compacted), "history since the previous tick is kept");
    }
  }

  @Test
  void serversSharingEtcdCompactOncePerRound() {
    put("c");
    try (Compactor one = new Compactor(ETCD.client(), Duration.ofHours(1));
        Compactor two = new Compactor(ETCD.client(), Duration.ofHours(1))) {
      join(one.tick());
      join(two.tick());
      put("d");

      long first = join(one.tick());
      long second = join(two.tick());

      assertTrue(first > 0 ^ second > 0, "exactly one of them compacts: " + first + ", " + second);
    }
  }

  @Test
  void startedCompactorTicksOnItsInterval() {
    long written = put("e");
    try (Compactor compactor = new Compactor(ETCD.client(), Duration.ofMillis(100)).start()) {
      put("f");
      await().atMost(Duration.ofSeconds(5)).until(() -> isCompacted(ETCD.client().getKVClient(), written));
    }
  }

  private static long put(String key) {
    try {
      return ETCD.client().getKVClient().put(EtcdCodec.bytes("/compactor-test/" + key), ByteSequence.from(new byte[] {1}))
          .get().getHeader().getRevision();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static long currentRevision() throws Exception {
    return ETCD.client().getKVClient().get(EtcdCodec.bytes("\u0000")).get().getHeader().getRevision();
  }

  private static boolean isCompacted(KV kv, long revision) {
    try {
      kv.get(EtcdCodec.bytes("/compactor-test/a"), GetOption.builder().withRevision(revision).build()).get();
      return false;
    } catch (Exception e) {
      return EtcdFailures.isCompacted(e);
    }
  }
}
