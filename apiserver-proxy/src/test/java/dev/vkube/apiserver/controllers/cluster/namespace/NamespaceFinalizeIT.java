package dev.vkube.apiserver.controllers.cluster.namespace;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.testing.ApiClient;
import dev.vkube.apiserver.testing.ApiClient.Reply;
import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.apiserver.testing.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * namespaces/{name}/finalize as upstream serves it (namespace/storage FinalizeREST with
 * namespaceFinalizeStrategy: PUT only, spec.finalizers from the body, status kept, finalizer names
 * validated, the namespace deleted once a Terminating one has no finalizer left), and the namespace
 * controller finishing deletions through it from whichever of two replicas over one etcd leads.
 */
class NamespaceFinalizeIT {
  @RegisterExtension
  static EtcdExtension etcd = new EtcdExtension();
  @TempDir
  static Path dataDir;
  static TestCluster first;
  static TestCluster second;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @BeforeAll
  static void start() throws Exception {
    String prefix = "/it-" + UUID.randomUUID();
    first = TestCluster.startReplica(etcd, Files.createDirectories(dataDir.resolve("a")), prefix);
    second = TestCluster.startReplica(etcd, Files.createDirectories(dataDir.resolve("b")), prefix);
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  private static String path(String ns) {
    return "/api/v1/namespaces/" + ns;
  }

  private static Reply finalize(ApiClient api, String ns, String... finalizers) throws Exception {
    ObjectNode body = (ObjectNode) api.get(path(ns)).json();
    var list = body.with("spec").putArray("finalizers");
    for (String f : finalizers) {
      list.add(f);
    }
    body.with("status").put("phase", "Terminating");
    return api.send("PUT", path(ns) + "/finalize", "application/json", body.toString());
  }

  private static JsonNode finalizers(ApiClient api, String ns) throws Exception {
    return api.get(path(ns)).json().path("spec").path("finalizers");
  }

  @Test
  void finalizeReplacesSpecFinalizersAndKeepsTheStoredStatus() throws Exception {
    ApiClient api = first.api();
    String ns = first.namespace();
    Reply reply = finalize(api, ns, "example.com/hold", "kubernetes");
    assertEquals(200, reply.code(), reply.body());
    assertEquals("[\"example.com/hold\",\"kubernetes\"]", finalizers(api, ns).toString());
    assertEquals("Active", api.get(path(ns)).json().path("status").path("phase").asText());
  }

  @Test
  void aPlainUpdateCannotChangeSpecFinalizers() throws Exception {
    ApiClient api = first.api();
    String ns = first.namespace();
    ObjectNode body = (ObjectNode) api.get(path(ns)).json();
    body.with("spec").putArray("finalizers");
    assertEquals(200, api.send("PUT", path(ns), "application/json", body.toString()).code());
    assertEquals("[\"kubernetes\"]", finalizers(api, ns).toString());
  }

  @Test
  void aFinalizerThatIsNeitherStandardNorQualifiedIsInvalid() throws Exception {
    ApiClient api = first.api();
    String ns = first.namespace();
    Reply reply = finalize(api, ns, "kubernetes", "hold");
    assertEquals(422, reply.code(), reply.body());
    assertEquals("Invalid", reply.json().path("reason").asText());
    JsonNode cause = reply.json().path("details").path("causes").get(0);
    assertEquals("spec.finalizers[1]", cause.path("field").asText());
    assertTrue(cause.path("message").asText().contains("name is neither a standard finalizer name nor is it fully "
        + "qualified"), cause.toString());
    assertEquals("[\"kubernetes\"]", finalizers(api, ns).toString());
  }

  @Test
  void finalizeAcceptsOnlyPut() throws Exception {
    ApiClient api = first.api();
    String ns = first.namespace();
    assertEquals(405, api.get(path(ns) + "/finalize").code());
    Reply patch = api.send("PATCH", path(ns) + "/finalize", "application/merge-patch+json",
        "{\"spec\":{\"finalizers\":[]}}");
    assertEquals(405, patch.code(), patch.body());
    assertEquals("MethodNotAllowed", patch.json().path("reason").asText());
  }

  @Test
  void deletionWaitsForAForeignSpecFinalizerAndEndsWhenItIsFinalizedAway() throws Exception {
    ApiClient api = second.api();
    String ns = second.namespace();
    assertEquals(200, finalize(api, ns, "example.com/hold", "kubernetes").code());
    api.send("DELETE", path(ns), null, null);
    // The controller removes only its own finalizer; the namespace waits for the other one.
    await().atMost(WAIT).until(() -> finalizers(api, ns).toString().equals("[\"example.com/hold\"]"));
    assertEquals("Terminating", api.get(path(ns)).json().path("status").path("phase").asText());
    assertEquals(200, finalize(api, ns).code());
    await().atMost(WAIT).until(() -> api.get(path(ns)).code() == 404);
  }

  @Test
  void namespaceDeletionCompletesWithTwoReplicasOverOneEtcd() throws Exception {
    String ns = first.namespace();
    Reply cm = first.api().send("POST", path(ns) + "/configmaps", "application/json",
        "{\"metadata\":{\"name\":\"inside\"},\"data\":{\"k\":\"v\"}}");
    assertEquals(201, cm.code(), cm.body());
    Reply deleting = second.api().send("DELETE", path(ns), null, null);
    assertEquals("Terminating", deleting.json().path("status").path("phase").asText(), deleting.body());
    await().atMost(WAIT).until(() -> first.api().get(path(ns)).code() == 404 && second.api().get(path(ns))
        .code() == 404);
    assertEquals(0, second.api().get(path(ns) + "/configmaps").json().path("items").size());
    JsonNode lease = first.api().get("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/"
        + "kube-controller-manager").json();
    assertTrue(lease.path("spec").path("holderIdentity").asText().contains("_"), lease.toString());
  }
}
