package dev.vkube.bench.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One single-member etcd on free loopback ports with its own data directory, the one store that both
 * the API server and the raw jetcd baseline write to, so that their rates share one disk and one fsync.
 */
public final class EtcdProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private final ChildProcess child;
  private final String clientUrl;
  private final Path dataDir;

  private EtcdProcess(ChildProcess child, String clientUrl, Path dataDir) {
    this.child = child;
    this.clientUrl = clientUrl;
    this.dataDir = dataDir;
  }

  public static EtcdProcess start(Path binary, Path workDir) throws IOException, InterruptedException {
    String client = "http://127.0.0.1:" + FreePorts.next();
    String peer = "http://127.0.0.1:" + FreePorts.next();
    Path dataDir = Files.createDirectories(workDir.resolve("etcd-data"));
    ChildProcess child = ChildProcess.start("etcd", List.of(binary.toString(), "--name=default",
        "--data-dir=" + dataDir, "--listen-client-urls=" + client, "--advertise-client-urls=" + client,
        "--listen-peer-urls=" + peer, "--initial-advertise-peer-urls=" + peer,
        "--initial-cluster=default=" + peer, "--quota-backend-bytes=" + (8L << 30)),
        workDir.resolve("etcd.log"));
    EtcdProcess etcd = new EtcdProcess(child, client, dataDir);
    etcd.awaitHealthy();
    return etcd;
  }

  public String clientUrl() {
    return clientUrl;
  }

  public long pid() {
    return child.pid();
  }

  private void awaitHealthy() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create(clientUrl + "/health")).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && child.alive()) {
      try {
        if (http.send(health, HttpResponse.BodyHandlers.ofString()).body().contains("true")) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(50);
    }
    close();
    throw new IOException("etcd did not become healthy; see " + child.log());
  }

  /** Stops etcd and deletes its data (hundreds of MiB after a run); the log stays for reading. */
  @Override
  public void close() {
    child.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.err.println("api-bench: could not delete " + dataDir + ": " + e);
    }
  }
}
