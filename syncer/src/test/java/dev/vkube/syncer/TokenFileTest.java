package dev.vkube.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rotated projected token is picked up within client-go's one-minute period, a failed read keeps the last. */
class TokenFileTest {
  @TempDir
  Path dir;

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void rotatedTokenIsReadAfterThePeriodNotBefore() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "first\n");
    MovableClock clock = new MovableClock();
    TokenFile token = new TokenFile(file, clock);
    assertEquals("first", token.get());

    Files.writeString(file, "second");
    clock.now = clock.now.plus(Duration.ofSeconds(59));
    assertEquals("first", token.get());
    clock.now = clock.now.plus(Duration.ofSeconds(1));
    assertEquals("second", token.get());
  }

  /** The in-cluster client asks for the token per request: after a rotation the API sees the new one. */
  @Test
  void fabric8ClientSendsTheRotatedTokenOnItsNextRequest() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "first");
    MovableClock clock = new MovableClock();
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      seen.add(exchange.getRequestHeaders().getFirst("Authorization"));
      byte[] body = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
          + "\"reason\":\"NotFound\",\"code\":404}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(404, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort()).build();
    try (KubernetesClient client = Kubeconfigs.withToken(config, new TokenFile(file, clock))) {
      client.namespaces().withName("a").get();
      Files.writeString(file, "second");
      clock.now = clock.now.plus(TokenFile.PERIOD);
      client.namespaces().withName("b").get();
    } finally {
      server.stop(0);
    }
    assertEquals(List.of("Bearer first", "Bearer second"), seen);
  }

  @Test
  void aVanishedFileKeepsTheLastToken() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "only");
    MovableClock clock = new MovableClock();
    TokenFile token = new TokenFile(file, clock);
    assertEquals("only", token.get());
    Files.delete(file);
    clock.now = clock.now.plus(Duration.ofMinutes(5));
    assertEquals("only", token.get());
  }
}
