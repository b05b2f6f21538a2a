package dev.vkube.bench.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import javax.net.ssl.SSLContext;

/**
 * The API server as seen through N independent JDK HTTP/2 clients. The JDK keeps one HTTP/2
 * connection per client and host, so N clients are N TCP+TLS connections over which requests are
 * multiplexed; {@link #open} makes one request per client first so that each connection exists
 * before the load starts (otherwise concurrent first requests race to open several).
 */
final class KubeApi {
  static final String JSON = "application/json";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private final URI base;
  private final List<HttpClient> clients;

  private KubeApi(URI base, List<HttpClient> clients) {
    this.base = base;
    this.clients = clients;
  }

  static KubeApi open(String server, SSLContext tls, int connections) throws IOException, InterruptedException {
    List<HttpClient> clients = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      ExecutorService executor = Executors.newCachedThreadPool(daemon("kube-api-" + i));
      clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(tls).executor(executor)
          .connectTimeout(Duration.ofSeconds(5)).build());
    }
    KubeApi api = new KubeApi(URI.create(server), clients);
    for (HttpClient client : clients) {
      HttpResponse<String> version = client.send(api.request("/version").GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (version.version() != HttpClient.Version.HTTP_2) {
        throw new IOException("server did not negotiate HTTP/2 (got " + version.version() + ")");
      }
    }
    return api;
  }

  int connections() {
    return clients.size();
  }

  HttpClient client(int index) {
    return clients.get(Math.floorMod(index, clients.size()));
  }

  URI uri(String path) {
    return base.resolve(path);
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).header("Accept", JSON);
  }

  CompletableFuture<HttpResponse<byte[]>> postAsync(int connection, String path, String json) {
    HttpRequest post = request(path).header("Content-Type", JSON)
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
    return client(connection).sendAsync(post, HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return client(0).send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Creates a namespace; one that already exists (409) is fine, so reruns on one etcd work. */
  void createNamespace(String name) throws IOException, InterruptedException {
    String body = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}";
    HttpResponse<byte[]> response = postAsync(0, "/api/v1/namespaces", body).join();
    if (response.statusCode() != 201 && response.statusCode() != 409) {
      throw new IOException("POST /api/v1/namespaces " + name + " -> " + response.statusCode() + " "
          + new String(response.body(), StandardCharsets.UTF_8));
    }
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
