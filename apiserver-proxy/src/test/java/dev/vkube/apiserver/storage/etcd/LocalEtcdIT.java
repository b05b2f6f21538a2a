package dev.vkube.apiserver.storage.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalEtcdIT {
  @TempDir
  Path dir;

  @Test
  void startsOnLoopbackServesAndStopsOnClose() throws Exception {
    long start = System.nanoTime();
    LocalEtcd etcd = LocalEtcd.start(dir.resolve("etcd"));
    long startMillis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("etcd started in " + startMillis + " ms");

    try (etcd; Client client = EtcdStorage.clientBuilder(etcd.endpoint()).build()) {
      assertTrue(etcd.endpoint().startsWith("http://127.0.0.1:"));
      ByteSequence key = ByteSequence.from("k", StandardCharsets.UTF_8);
      client.getKVClient().put(key, ByteSequence.from("v", StandardCharsets.UTF_8)).get();
      assertEquals("v", client.getKVClient().get(key).get().getKvs().get(0).getValue().toString(StandardCharsets.UTF_8));
    }

    assertFalse(etcd.isAlive());
    assertTrue(Files.size(dir.resolve(LocalEtcd.LOG_FILE)) > 0, "etcd logs to etcd.log beside its data dir");
  }

  @Test
  void restartOnSameDataDirKeepsData() throws Exception {
    ByteSequence key = ByteSequence.from("k", StandardCharsets.UTF_8);
    try (LocalEtcd etcd = LocalEtcd.start(dir.resolve("etcd"));
        Client client = EtcdStorage.clientBuilder(etcd.endpoint()).build()) {
      client.getKVClient().put(key, ByteSequence.from("kept", StandardCharsets.UTF_8)).get();
    }

    try (LocalEtcd etcd = LocalEtcd.start(dir.resolve("etcd"));
        Client client = EtcdStorage.clientBuilder(etcd.endpoint()).build()) {
      assertEquals(1, client.getKVClient().get(key).get().getKvs().size());
    }
  }

  @Test
  void missingBinaryFailsToStart() {
    assertThrows(IOException.class,
        () -> LocalEtcd.start("/nonexistent/etcd", dir.resolve("etcd"), dir.resolve("etcd.log")));
  }
}
