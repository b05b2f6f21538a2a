package dev.vkube.apiserver.controllers.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.apiserver.testing.TestCluster;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Issue 5: ClusterIPs stay unique when 200 Services are created at once (ipallocator semantics). */
class ServiceIpUniquenessIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static EtcdExtension etcd = new EtcdExtension();
  @TempDir
  static Path dataDir;
  static TestCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(etcd, dataDir);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void twoHundredConcurrentServiceCreatesGetDistinctClusterIps() throws Exception {
    String ns = cluster.namespace();
    List<CompletableFuture<HttpResponse<String>>> creates = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String body = "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"s" + i + "\"},"
          + "\"spec\":{\"selector\":{\"app\":\"a\"},\"ports\":[{\"port\":80}]}}";
      HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.api().server() + "/api/v1/namespaces/" + ns
          + "/services")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      creates.add(cluster.api().http().sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    Set<String> ips = new HashSet<>();
    for (CompletableFuture<HttpResponse<String>> create : creates) {
      HttpResponse<String> response = create.join();
      assertEquals(201, response.statusCode(), response.body());
      JsonNode spec = JSON.readTree(response.body()).path("spec");
      String ip = spec.path("clusterIP").asText();
      assertTrue(ip.startsWith("10."), ip);
      assertTrue(ips.add(ip), "duplicate ClusterIP " + ip);
    }
    assertEquals(200, ips.size());
  }
}
