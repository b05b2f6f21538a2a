package dev.vkube.apiserver.registry.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.testing.ApiClient;
import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.apiserver.testing.TestCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * pods/binding and the legacy bindings collection, as kube-scheduler's DefaultBinder uses them
 * (BindingREST, pkg/registry/core/pod/storage/storage.go).
 */
class PodBindingIT {
  @RegisterExtension
  static EtcdExtension etcd = new EtcdExtension();
  @TempDir
  static Path dir;
  static TestCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.startWithoutControllers(etcd, dir);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void bindingSubresourceSetsNodeNameAndPodScheduledAndAnswersSuccess() throws Exception {
    String ns = cluster.namespace();
    createPod(ns, "web");

    ApiClient.Reply r = post("/api/v1/namespaces/" + ns + "/pods/web/binding", binding("web", "node-a",
        "\"annotations\":{\"scheduled-by\":\"test\"}"));

    assertEquals(201, r.code(), r.body());
    assertEquals("Status", r.json().path("kind").asText());
    assertEquals("Success", r.json().path("status").asText());
    JsonNode pod = cluster.api().get("/api/v1/namespaces/" + ns + "/pods/web").json();
    assertEquals("node-a", pod.path("spec").path("nodeName").asText());
    assertEquals("test", pod.path("metadata").path("annotations").path("scheduled-by").asText());
    JsonNode scheduled = condition(pod, "PodScheduled");
    assertEquals("True", scheduled.path("status").asText());
    assertTrue(scheduled.hasNonNull("lastTransitionTime"));
  }

  @Test
  void legacyBindingsCollectionBindsTheNamedPod() throws Exception {
    String ns = cluster.namespace();
    createPod(ns, "legacy");

    ApiClient.Reply r = post("/api/v1/namespaces/" + ns + "/bindings", binding("legacy", "node-b", null));

    assertEquals(201, r.code(), r.body());
    assertEquals("node-b", cluster.api().get("/api/v1/namespaces/" + ns + "/pods/legacy").json()
        .path("spec").path("nodeName").asText());
  }

  @Test
  void bindingAnAlreadyBoundPodIsConflictWithUpstreamWording() throws Exception {
    String ns = cluster.namespace();
    createPod(ns, "twice");
    assertEquals(201, post("/api/v1/namespaces/" + ns + "/pods/twice/binding", binding("twice", "node-a", null))
        .code());

    ApiClient.Reply r = post("/api/v1/namespaces/" + ns + "/pods/twice/binding", binding("twice", "node-b", null));

    assertEquals(409, r.code(), r.body());
    assertEquals("Conflict", r.json().path("reason").asText());
    assertEquals("Operation cannot be fulfilled on pods/binding \"twice\": pod twice is already assigned to node "
        + "\"node-a\"", r.json().path("message").asText());
    assertEquals("node-a", cluster.api().get("/api/v1/namespaces/" + ns + "/pods/twice").json()
        .path("spec").path("nodeName").asText());
  }

  @Test
  void bindingWithoutTargetNameOrToANonNodeIsInvalid() throws Exception {
    String ns = cluster.namespace();
    createPod(ns, "bad");

    ApiClient.Reply r = post("/api/v1/namespaces/" + ns + "/pods/bad/binding",
        "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"bad\"},\"target\":{\"kind\":\"Pod\"}}");

    assertEquals(422, r.code(), r.body());
    assertEquals("Binding \"bad\" is invalid: [target.kind: Unsupported value: \"Pod\": supported values: "
        + "\"Node\", \"<empty>\", target.name: Required value]", r.json().path("message").asText());
  }

  @Test
  void bindingOfAMissingPodIsNotFound() throws Exception {
    String ns = cluster.namespace();
    ApiClient.Reply r = post("/api/v1/namespaces/" + ns + "/pods/ghost/binding", binding("ghost", "node-a", null));
    assertEquals(404, r.code(), r.body());
  }

  @Test
  void nameInUrlMustMatchTheBinding() throws Exception {
    String ns = cluster.namespace();
    createPod(ns, "one");
    ApiClient.Reply r = post("/api/v1/namespaces/" + ns + "/pods/one/binding", binding("other", "node-a", null));
    assertEquals(400, r.code(), r.body());
    assertEquals("name in URL does not match name in Binding object", r.json().path("message").asText());
  }

  private static void createPod(String ns, String name) throws Exception {
    ApiClient.Reply r = post("/api/v1/namespaces/" + ns + "/pods", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
        + "\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}");
    assertEquals(201, r.code(), r.body());
  }

  private static String binding(String name, String node, String extraMeta) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"" + name + "\""
        + (extraMeta == null ? "" : "," + extraMeta) + "},\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\","
        + "\"name\":\"" + node + "\"}}";
  }

  private static ApiClient.Reply post(String path, String body) throws Exception {
    return cluster.api().send("POST", path, "application/json", body);
  }

  private static JsonNode condition(JsonNode pod, String type) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c;
      }
    }
    throw new AssertionError("no condition " + type + " in " + pod.path("status"));
  }
}
