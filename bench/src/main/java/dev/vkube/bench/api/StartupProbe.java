package dev.vkube.bench.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * Time from the server process's start to its first {@code ok} on /readyz, polled every 10 ms as a
 * kubelet readiness probe or an operator's wait loop would (so the figure carries at most ~10 ms of
 * polling error). HTTP/1.1 over one reused connection keeps the probe's own cost small.
 */
public final class StartupProbe {
  static final Duration POLL_INTERVAL = Duration.ofMillis(10);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private final HttpClient http;

  public StartupProbe() throws GeneralSecurityException {
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .sslContext(TlsContexts.trustAll()).connectTimeout(Duration.ofSeconds(1)).build();
  }

  /** Start-up wall time in nanoseconds; fails when the server exits or misses the timeout. */
  public long awaitReady(ServerProcess server) throws IOException, InterruptedException {
    HttpRequest readyz = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/readyz"))
        .timeout(Duration.ofSeconds(1)).build();
    long deadline = server.startNanos() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response = http.send(readyz, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().trim().equals("ok")) {
          return System.nanoTime() - server.startNanos();
        }
      } catch (IOException notServingYet) {
        // Connection refused or TLS not up yet: poll again.
      }
      if (!server.alive()) {
        throw new IOException("server exited during start-up; see " + server.log());
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
    throw new IOException("server not ready after " + TIMEOUT + "; see " + server.log());
  }
}
