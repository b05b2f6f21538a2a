package dev.vkube.apiserver.storage;

import dev.vkube.apiserver.storage.etcd.EtcdStorage;
import dev.vkube.apiserver.testing.EtcdExtension;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The storage contract straight on etcd (watches are thin etcd watches). */
class EtcdStorageIT extends StorageContractTest {
  @RegisterExtension
  static final EtcdExtension ETCD = new EtcdExtension();

  @Override
  protected EtcdExtension etcd() {
    return ETCD;
  }

  @Override
  protected Storage createStorage(String prefix) {
    return new EtcdStorage(ETCD.client(), ForkJoinPool.commonPool(), BOOKMARK_INTERVAL);
  }

  @Override
  protected void closeStorage(Storage storage) {
    ((EtcdStorage) storage).close();
  }
}
