package dev.vkube.apiserver.testing;

import dev.vkube.apiserver.storage.etcd.EtcdStorage;
import dev.vkube.apiserver.storage.etcd.LocalEtcd;
import io.etcd.jetcd.Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real etcd (a child process on free loopback ports, data in a temp dir, on tmpfs when there is
 * one) per test class, with a jetcd client. Use as {@code @RegisterExtension static EtcdExtension etcd
 * = new EtcdExtension();} and isolate tests with {@link #freshPrefix()}. A missing etcd binary fails the
 * class: it does not skip.
 */
public final class EtcdExtension implements BeforeAllCallback, AfterAllCallback {
  private static final Path SHM = Paths.get("/dev/shm");
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  private Path root;
  private LocalEtcd etcd;
  private Client client;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    root = Files.isDirectory(SHM) && Files.isWritable(SHM)
        ? Files.createTempDirectory(SHM, "vkube-etcd-test-")
        : Files.createTempDirectory("vkube-etcd-test-");
    etcd = LocalEtcd.start(LocalEtcd.DEFAULT_BINARY, root.resolve("data"), root.resolve(LocalEtcd.LOG_FILE));
    client = EtcdStorage.clientBuilder(etcd.endpoint()).build();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (client != null) {
      client.close();
    }
    if (etcd != null) {
      etcd.close();
    }
    deleteRecursively(root);
  }

  public String endpoint() {
    return etcd.endpoint();
  }

  public Client client() {
    return client;
  }

  public LocalEtcd process() {
    return etcd;
  }

  /** A resource prefix no other test uses, shaped like {@code /registry-N-xxxx/configmaps/}. */
  public String freshPrefix() {
    String unique = UUID.randomUUID().toString().substring(0, 8);
    return "/registry-" + PREFIXES.incrementAndGet() + "-" + unique + "/configmaps/";
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (path == null || !Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
