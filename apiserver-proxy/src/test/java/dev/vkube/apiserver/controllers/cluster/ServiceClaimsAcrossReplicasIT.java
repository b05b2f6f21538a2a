package dev.vkube.apiserver.controllers.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vkube.apiserver.testing.ApiClient;
import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.apiserver.testing.TestCluster;
import io.etcd.jetcd.ByteSequence;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 across replicas: two vkube servers over one etcd (HA) hand out ClusterIPs and node ports
 * exactly once, because each claim is written in the service's own etcd transaction
 * (upstream: one IPAddress per ClusterIP, ipallocator.go; the node port bitmap's compare-and-swap).
 * The service range is a /23 so that the replicas' own views (their informers lag each other's
 * writes) pick the same address often: without the etcd claim these creates would collide.
 */
class ServiceClaimsAcrossReplicasIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RANGE = "10.97.0.0/23";
  @RegisterExtension
  static EtcdExtension etcd = new EtcdExtension();
  @TempDir
  static Path dataDir;
  static String prefix;
  static TestCluster a;
  static TestCluster b;

  @BeforeAll
  static void start() throws Exception {
    prefix = "/it-" + java.util.UUID.randomUUID();
    a = TestCluster.startReplica(etcd, Files.createDirectories(dataDir.resolve("a")), prefix, RANGE);
    b = TestCluster.startReplica(etcd, Files.createDirectories(dataDir.resolve("b")), prefix, RANGE);
  }

  @AfterAll
  static void stop() {
    b.close();
    a.close();
  }

  @Test
  void twoHundredConcurrentCreatesOnTwoReplicasGetDistinctClusterIpsAndNodePorts() throws Exception {
    String ns = namespaceOnBoth();
    List<CompletableFuture<HttpResponse<String>>> creates = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      creates.add(post(i % 2 == 0 ? a.api() : b.api(), ns, "{\"metadata\":{\"name\":\"s" + i + "\"},\"spec\":{"
          + "\"type\":\"NodePort\",\"selector\":{\"app\":\"a\"},\"ports\":[{\"port\":80}]}}"));
    }
    Set<String> ips = new HashSet<>();
    Set<Integer> ports = new HashSet<>();
    for (CompletableFuture<HttpResponse<String>> create : creates) {
      HttpResponse<String> response = create.get(120, TimeUnit.SECONDS);
      assertEquals(201, response.statusCode(), response.body());
      JsonNode spec = JSON.readTree(response.body()).path("spec");
      assertTrue(spec.path("clusterIP").asText().startsWith("10.97."), spec.toString());
      assertTrue(ips.add(spec.path("clusterIP").asText()), "duplicate ClusterIP " + spec);
      assertTrue(ports.add(spec.path("ports").get(0).path("nodePort").asInt()), "duplicate nodePort " + spec);
    }
    // What kubectl shows from either replica: 200 services, 200 distinct addresses and node ports.
    for (TestCluster replica : List.of(a, b)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> kubectl(replica, "get", "services", "-n", ns, "-o",
          "jsonpath={range .items[*]}{.spec.clusterIP} {.spec.ports[0].nodePort}{\"\\n\"}{end}").lines()
          .count() == 200);
      List<String> rows = kubectl(replica, "get", "services", "-n", ns, "-o",
          "jsonpath={range .items[*]}{.spec.clusterIP} {.spec.ports[0].nodePort}{\"\\n\"}{end}").lines().toList();
      assertEquals(200, rows.stream().map(r -> r.split(" ")[0]).distinct().count(), String.join("\n", rows));
      assertEquals(200, rows.stream().map(r -> r.split(" ")[1]).distinct().count(), String.join("\n", rows));
    }
  }

  @Test
  void addressAndPortTakenOnOneReplicaAreRefusedOnTheOtherUntilDeleted() throws Exception {
    String ns = namespaceOnBoth();
    String asked = "{\"metadata\":{\"name\":\"%s\"},\"spec\":{\"type\":\"NodePort\",\"clusterIP\":\"10.97.1.77\","
        + "\"ports\":[{\"port\":80,\"nodePort\":%d}]}}";
    assertEquals(201, post(a.api(), ns, asked.formatted("first", 31777)).join().statusCode());
    // Immediately, before replica b's informer can know: the claim in etcd refuses it (same messages as upstream).
    HttpResponse<String> ipTaken = post(b.api(), ns, asked.formatted("second", 31778)).join();
    assertEquals(422, ipTaken.statusCode(), ipTaken.body());
    assertTrue(ipTaken.body().contains("spec.clusterIPs: Invalid value: []string{\\\"10.97.1.77\\\"}: failed to "
        + "allocate IP 10.97.1.77: provided IP is already allocated"), ipTaken.body());
    HttpResponse<String> portTaken = post(b.api(), ns, "{\"metadata\":{\"name\":\"third\"},\"spec\":{\"type\":"
        + "\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":31777}]}}").join();
    assertEquals(422, portTaken.statusCode(), portTaken.body());
    assertTrue(portTaken.body().contains("spec.ports[0].nodePort: Invalid value: 31777: provided port is already "
        + "allocated"), portTaken.body());

    kubectl(a, "delete", "service", "first", "-n", ns);
    await().atMost(Duration.ofSeconds(30)).until(() -> post(b.api(), ns, asked.formatted("second", 31777)).join()
        .statusCode() == 201);
    assertEquals("10.97.1.77 31777", kubectl(a, "get", "service", "second", "-n", ns, "-o",
        "jsonpath={.spec.clusterIP} {.spec.ports[0].nodePort}"));
  }

  @Test
  void typeChangesReleaseWhatTheNewTypeDoesNotUse() throws Exception {
    String ns = namespaceOnBoth();
    String svc = "{\"metadata\":{\"name\":\"%s\"},\"spec\":{\"type\":\"NodePort\",\"clusterIP\":\"%s\","
        + "\"ports\":[{\"port\":80,\"nodePort\":%d}]}}";
    assertEquals(201, post(a.api(), ns, svc.formatted("np", "10.97.1.80", 31780)).join().statusCode());
    assertEquals(201, post(a.api(), ns, svc.formatted("ext", "10.97.1.81", 31781)).join().statusCode());
    kubectl(a, "patch", "service", "np", "-n", ns, "-p", "{\"spec\":{\"type\":\"ClusterIP\"}}");
    kubectl(a, "patch", "service", "ext", "-n", ns, "-p", "{\"spec\":{\"type\":\"ExternalName\","
        + "\"externalName\":\"example.com\"}}");
    assertEquals("", kubectl(a, "get", "service", "ext", "-n", ns, "-o", "jsonpath={.spec.clusterIP}"));
    // Replica b learns of the patches through its informer; its etcd claims are gone already.
    await().atMost(Duration.ofSeconds(30)).until(() -> post(b.api(), ns, svc.formatted("port-again", "10.97.1.82",
        31780)).join().statusCode() == 201);
    await().atMost(Duration.ofSeconds(30)).until(() -> post(b.api(), ns, svc.formatted("ip-again", "10.97.1.81",
        31782)).join().statusCode() == 201);
  }

  @Test
  void aServerChosenAddressAlreadyClaimedInEtcdIsReplacedByAnother() throws Exception {
    String ns = namespaceOnBoth();
    // Claims the replicas' own views know nothing of (as if another replica had just written them):
    // every third address of the upper half of the range. A create whose pick is among them retries.
    Set<String> claimedElsewhere = new HashSet<>();
    for (int host = 0; host < 256; host += 3) {
      String ip = "10.97.1." + host;
      claimedElsewhere.add(ip);
      put(prefix + "/ipaddresses/" + ip, "{\"metadata\":{\"name\":\"" + ip + "\"},\"spec\":{\"parentRef\":"
          + "{\"group\":\"\",\"resource\":\"services\",\"namespace\":\"elsewhere\",\"name\":\"x\"}}}");
    }
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> created = post(a.api(), ns, "{\"metadata\":{\"name\":\"r" + i + "\"},\"spec\":{"
          + "\"ports\":[{\"port\":80}]}}").join();
      assertEquals(201, created.statusCode(), created.body());
      String ip = JSON.readTree(created.body()).path("spec").path("clusterIP").asText();
      assertTrue(!claimedElsewhere.contains(ip), "got an address claimed by another service: " + ip);
      assertTrue(get(prefix + "/ipaddresses/" + ip).contains("\"name\":\"r" + i + "\""), ip);
    }
  }

  @Test
  void aRestartedReplicaRepairsLeakedAndMissingClaims() throws Exception {
    String ns = namespaceOnBoth();
    // Two addresses no earlier test's service holds (those picked at random from the same range).
    List<String> free = unclaimed(2);
    String leakedIp = free.get(0);
    String legacyIp = free.get(1);
    // A claim whose service is gone (a leak) and a service stored without its claim (written before claims).
    put(prefix + "/ipaddresses/" + leakedIp, "{\"metadata\":{\"name\":\"" + leakedIp + "\"},\"spec\":{\"parentRef\":"
        + "{\"group\":\"\",\"resource\":\"services\",\"namespace\":\"" + ns + "\",\"name\":\"gone\"}}}");
    put(prefix + "/services/specs/" + ns + "/legacy", "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":"
        + "{\"name\":\"legacy\",\"namespace\":\"" + ns + "\",\"uid\":\"u-legacy\"},\"spec\":{\"type\":\"ClusterIP\","
        + "\"clusterIP\":\"" + legacyIp + "\",\"clusterIPs\":[\"" + legacyIp + "\"],\"ports\":[{\"port\":80}]}}");
    String leaked = "{\"metadata\":{\"name\":\"wants-leaked\"},\"spec\":{\"clusterIP\":\"" + leakedIp + "\","
        + "\"ports\":[{\"port\":80}]}}";
    assertEquals(422, post(a.api(), ns, leaked).join().statusCode());

    Path dir = Files.createDirectories(dataDir.resolve("c"));
    try (TestCluster restarted = TestCluster.startReplica(etcd, dir, prefix, RANGE)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> get(prefix + "/ipaddresses/" + legacyIp) != null);
      assertTrue(get(prefix + "/ipaddresses/" + legacyIp).contains("\"name\":\"legacy\""));
      assertEquals(null, get(prefix + "/ipaddresses/" + leakedIp));
      HttpResponse<String> created = post(restarted.api(), ns, leaked).join();
      assertEquals(201, created.statusCode(), created.body());
    }
  }

  /**
   * A fresh namespace that replica b has seen too; the GET also opens b's HTTP/2 connection before a
   * burst (else each of a hundred concurrent requests starts its own TLS handshake).
   */
  private static String namespaceOnBoth() throws Exception {
    String ns = a.namespace();
    await().atMost(Duration.ofSeconds(30)).until(() -> b.api().get("/api/v1/namespaces/" + ns).code() == 200);
    return ns;
  }

  private static CompletableFuture<HttpResponse<String>> post(ApiClient api, String ns, String body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(api.server() + "/api/v1/namespaces/" + ns + "/services"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return api.http().sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void put(String key, String value) throws Exception {
    etcd.client().getKVClient().put(bytes(key), bytes(value)).get(10, TimeUnit.SECONDS);
  }

  /** The first {@code count} addresses of the range's upper half that no claim key holds. */
  private static List<String> unclaimed(int count) throws Exception {
    List<String> free = new ArrayList<>();
    for (int host = 10; host < 255 && free.size() < count; host++) {
      if (get(prefix + "/ipaddresses/10.97.1." + host) == null) {
        free.add("10.97.1." + host);
      }
    }
    return free;
  }

  private static String get(String key) throws Exception {
    var kvs = etcd.client().getKVClient().get(bytes(key)).get(10, TimeUnit.SECONDS).getKvs();
    return kvs.isEmpty() ? null : kvs.get(0).getValue().toString(StandardCharsets.UTF_8);
  }

  private static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }

  private static String kubectl(TestCluster replica, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("/usr/bin/kubectl", "--kubeconfig", replica.kubeconfig()
        .toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("kubectl " + String.join(" ", args) + ": " + out);
    }
    return out.strip();
  }
}
