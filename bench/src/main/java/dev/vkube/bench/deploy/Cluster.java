package dev.vkube.bench.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * The virtual cluster's API as this bench uses it: JSON over one HTTP/2 connection per instance
 * (requests multiplexed), answers parsed with Jackson as a client library would.
 */
final class Cluster {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private final URI base;
  private final HttpClient http;

  private Cluster(String server, SSLContext tls, String name) {
    this.base = URI.create(server);
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(tls)
        .connectTimeout(CONNECT_TIMEOUT).executor(Executors.newFixedThreadPool(2, r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        })).build();
  }

  /**
   * A client whose connection is open before it is used: concurrent first requests would otherwise
   * each start a TLS handshake on a busy server, and some time out.
   */
  static Cluster connect(String server, SSLContext tls, String name) {
    Cluster cluster = new Cluster(server, tls, name);
    cluster.get("/version").orThrow("GET /version");
    return cluster;
  }

  /** An answer: status code and parsed body (a Status object for errors). */
  record Reply(int code, JsonNode body) {
    boolean ok() {
      return code >= 200 && code < 300;
    }

    Reply orThrow(String what) {
      if (!ok()) {
        throw new IllegalStateException(what + " -> " + code + " " + body);
      }
      return this;
    }
  }

  CompletableFuture<Reply> send(String method, String path, JsonNode body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json").method(method,
          HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(r -> new Reply(r.statusCode(), parse(r.body())));
  }

  Reply get(String path) {
    return send("GET", path, null).join();
  }

  Reply post(String path, ObjectNode body) {
    return send("POST", path, body).join();
  }

  Reply put(String path, ObjectNode body) {
    return send("PUT", path, body).join();
  }

  /** A watch as newline-delimited events, read on the caller's thread; the server ends it after timeoutSeconds. */
  Stream<String> watch(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).header("Accept", "application/json").build();
    HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() != 200) {
      throw new IOException("watch " + path + " -> " + response.statusCode());
    }
    return response.body();
  }

  static JsonNode parse(byte[] body) {
    try {
      return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode().put("unparsed", new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static byte[] bytes(JsonNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
