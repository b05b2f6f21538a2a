package dev.vkube.e2e;

import dev.vkube.apiserver.storage.etcd.LocalEtcd;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The shaded jar started exactly as DESIGN.md's runtime contract says (java -jar with --etcd-servers,
 * --data-dir, --secure-port), over a real etcd child process, ready once /readyz answers ok.
 */
public final class RunningServer implements AutoCloseable {
  private final LocalEtcd etcd;
  private final Process process;
  private final Path dataDir;
  private final int port;

  private RunningServer(LocalEtcd etcd, Process process, Path dataDir, int port) {
    this.etcd = etcd;
    this.process = process;
    this.dataDir = dataDir;
    this.port = port;
  }

  public static RunningServer start(Path workDir) throws Exception {
    LocalEtcd etcd = LocalEtcd.start(workDir.resolve("etcd"));
    Path dataDir = workDir.resolve("vkube");
    int port = freePort();
    Path jar = Path.of(System.getProperty("vkube.jar", "../apiserver-proxy/target/vkube-apiserver.jar"));
    if (!Files.exists(jar)) {
      throw new IllegalStateException("the shaded jar is missing: " + jar.toAbsolutePath());
    }
    Process process = new ProcessBuilder(List.of("java", "-jar", jar.toString(),
        "--etcd-servers=" + etcd.endpoint(), "--data-dir=" + dataDir, "--secure-port=" + port))
        .redirectErrorStream(true).redirectOutput(workDir.resolve("vkube.log").toFile()).start();
    RunningServer server = new RunningServer(etcd, process, dataDir, port);
    server.awaitReady(workDir.resolve("vkube.log"));
    return server;
  }

  public Path kubeconfig() {
    return dataDir.resolve("admin.kubeconfig");
  }

  public int port() {
    return port;
  }

  private void awaitReady(Path log) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trustAll()).build();
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("vkube exited: " + Files.readString(log));
      }
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
            + "/readyz")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().equals("ok") && Files.exists(kubeconfig())) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("vkube not ready in 60 s: " + Files.readString(log));
  }

  /** Only for the readiness probe, as the contract checker uses curl -k. */
  private static SSLContext trustAll() throws Exception {
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    return ssl;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    etcd.close();
  }
}
