package dev.vkube.apiserver.storage.etcd;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@code etcd} child process serving on free loopback ports: dev mode (no {@code --etcd-servers})
 * and tests. Its log goes to a file, never to our stdout. It is stopped by {@link #close()} or, failing
 * that, by a JVM shutdown hook.
 */
public final class LocalEtcd implements AutoCloseable {
  public static final String DEFAULT_BINARY = "etcd";
  /** Log file name, placed next to the data directory unless a path is given. */
  public static final String LOG_FILE = "etcd.log";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
  /** How long the safety-net hook lets an owner that closes on shutdown finish before stopping etcd. */
  private static final Duration OWNER_CLOSE_WAIT = Duration.ofSeconds(15);
  private static final int PORT_ATTEMPTS = 3;

  private final Process process;
  private final int clientPort;
  private final Path dataDir;
  private final Path logFile;
  private final Thread shutdownHook;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean ownerClosesOnShutdown;

  private LocalEtcd(Process process, int clientPort, Path dataDir, Path logFile) {
    this.process = process;
    this.clientPort = clientPort;
    this.dataDir = dataDir;
    this.logFile = logFile;
    this.shutdownHook = new Thread(this::stopOnShutdown, "vkube-etcd-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * The owner closes this etcd from its own shutdown hook, after the parts that still use it. The JVM
   * runs shutdown hooks all at once, so without this the safety net killed etcd while the owner was
   * still releasing its leader lease and closing watches: each then waited for an etcd that was gone
   * ({@code bin/vkube down} took 7 s per server instead of well under one).
   */
  public void closedByOwnerOnShutdown() {
    ownerClosesOnShutdown = true;
  }

  private void stopOnShutdown() {
    if (ownerClosesOnShutdown) {
      try {
        closed.await(OWNER_CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    stopProcess();
  }

  /** Starts etcd on {@code dataDir} (created if absent), logging to {@code etcd.log} beside it. */
  public static LocalEtcd start(Path dataDir) throws IOException {
    Path parent = dataDir.toAbsolutePath().getParent();
    return start(DEFAULT_BINARY, dataDir, parent.resolve(LOG_FILE));
  }

  /**
   * Starts {@code binary} (a path, or a name looked up on PATH) and returns once it serves. Ports are
   * picked free just before the start; if another process takes one meanwhile, etcd exits and we try
   * again with new ports.
   */
  public static LocalEtcd start(String binary, Path dataDir, Path logFile) throws IOException {
    Files.createDirectories(dataDir);
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    IOException last = null;
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      int clientPort = freePort();
      int peerPort = freePort();
      Process process = launch(binary, dataDir, logFile, clientPort, peerPort);
      try {
        awaitHealthy(process, clientPort, logFile);
        return new LocalEtcd(process, clientPort, dataDir, logFile);
      } catch (IOException e) {
        destroy(process);
        last = e;
      }
    }
    throw last;
  }

  /** The client URL, {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + clientPort;
  }

  public int clientPort() {
    return clientPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path logFile() {
    return logFile;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops etcd (SIGTERM, then SIGKILL after a grace period) and waits for it to exit; idempotent. */
  @Override
  public void close() {
    stopProcess();
    closed.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down; the hook runs (or ran) stopProcess, which is idempotent
    }
  }

  private void stopProcess() {
    destroy(process);
  }

  private static Process launch(String binary, Path dataDir, Path logFile, int clientPort, int peerPort)
      throws IOException {
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    // A single member elects itself; short raft timers make that take milliseconds instead of a second.
    List<String> command = List.of(binary,
        "--name=vkube",
        "--data-dir=" + dataDir.toAbsolutePath(),
        "--listen-client-urls=" + client,
        "--advertise-client-urls=" + client,
        "--listen-peer-urls=" + peer,
        "--initial-advertise-peer-urls=" + peer,
        "--initial-cluster=vkube=" + peer,
        "--initial-cluster-state=new",
        "--heartbeat-interval=20",
        "--election-timeout=200",
        "--logger=zap",
        "--log-outputs=stderr");
    try {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .start();
    } catch (IOException e) {
      throw new IOException("cannot start etcd binary=" + binary + " (is etcd installed?)", e);
    }
  }

  private static void awaitHealthy(Process process, int clientPort, Path logFile) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("etcd exited with code " + process.exitValue() + " during start; see " + logFile);
      }
      if (healthy(clientPort)) {
        return;
      }
      sleep(Duration.ofMillis(10));
    }
    throw new IOException("etcd did not become healthy within " + START_TIMEOUT + "; see " + logFile);
  }

  /** GET /health over a plain socket: java.net.http costs a few hundred ms to load on a cold JVM. */
  private static boolean healthy(int clientPort) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), clientPort), 200);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      return response.startsWith("HTTP/1.") && response.contains(" 200 ") && response.contains("\"health\":\"true\"");
    } catch (IOException e) {
      return false;
    }
  }

  private static void destroy(Process process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for etcd", e);
    }
  }
}
