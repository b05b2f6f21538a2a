package dev.vkube.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.testing.ApiClient.Reply;
import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.apiserver.testing.TestCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Server-side apply, managedFields, dry run and OpenAPI documents over HTTP. */
class ServerSideApplyIT {
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

  private static Reply apply(String ns, String manager, String yaml, boolean force) throws Exception {
    return cluster.api().send("PATCH", "/api/v1/namespaces/" + ns + "/configmaps/c?fieldManager=" + manager
        + (force ? "&force=true" : ""), "application/apply-patch+yaml", yaml);
  }

  @Test
  void applyCreatesThenConflictsThenForces() throws Exception {
    String ns = cluster.namespace();
    String yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: \"1\"\n";
    Reply created = apply(ns, "alice", yaml, false);
    assertEquals(201, created.code(), created.body());
    JsonNode managed = created.json().path("metadata").path("managedFields").path(0);
    assertEquals("alice", managed.path("manager").asText());
    assertEquals("Apply", managed.path("operation").asText());
    assertTrue(managed.path("fieldsV1").path("f:data").has("f:a"));
    Reply conflict = apply(ns, "bob", yaml.replace("\"1\"", "\"2\""), false);
    assertEquals(409, conflict.code());
    assertEquals("Apply failed with 1 conflict: conflict with \"alice\": .data.a",
        conflict.json().path("message").asText());
    assertEquals(".data.a", conflict.json().path("details").path("causes").path(0).path("field").asText());
    Reply forced = apply(ns, "bob", yaml.replace("\"1\"", "\"2\""), true);
    assertEquals(200, forced.code());
    assertEquals("2", forced.json().path("data").path("a").asText());
  }

  @Test
  void applyWithoutFieldManagerIsBadRequest() throws Exception {
    String ns = cluster.namespace();
    Reply r = cluster.api().send("PATCH", "/api/v1/namespaces/" + ns + "/configmaps/c",
        "application/apply-patch+yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
    assertEquals(400, r.code());
  }

  @Test
  void updatesRecordTheirManager() throws Exception {
    String ns = cluster.namespace();
    cluster.api().send("POST", "/api/v1/namespaces/" + ns + "/configmaps?fieldManager=creator", "application/json",
        "{\"metadata\":{\"name\":\"u\"},\"data\":{\"a\":\"1\"}}");
    Reply patched = cluster.api().send("PATCH", "/api/v1/namespaces/" + ns + "/configmaps/u?fieldManager=patcher",
        "application/merge-patch+json", "{\"data\":{\"b\":\"2\"}}");
    JsonNode entries = patched.json().path("metadata").path("managedFields");
    assertEquals(2, entries.size(), entries.toString());
    assertEquals("Update", entries.path(1).path("operation").asText());
  }

  @Test
  void dryRunStoresNothing() throws Exception {
    String ns = cluster.namespace();
    Reply dry = cluster.api().send("POST", "/api/v1/namespaces/" + ns + "/configmaps?dryRun=All",
        "application/json", "{\"metadata\":{\"name\":\"d\"}}");
    assertEquals(201, dry.code(), dry.body());
    assertEquals(404, cluster.api().get("/api/v1/namespaces/" + ns + "/configmaps/d").code());
    assertEquals(400, cluster.api().send("POST", "/api/v1/namespaces/" + ns + "/configmaps?dryRun=Some",
        "application/json", "{\"metadata\":{\"name\":\"d\"}}").code());
  }

  @Test
  void strictFieldValidationNamesUnknownFieldsAndWarnAddsWarnings() throws Exception {
    String ns = cluster.namespace();
    cluster.api().get("/openapi/v3");
    Reply strict = cluster.api().send("POST", "/api/v1/namespaces/" + ns + "/configmaps?fieldValidation=Strict",
        "application/json", "{\"metadata\":{\"name\":\"s\"},\"dta\":{}}");
    assertEquals(400, strict.code(), strict.body());
    assertEquals("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field "
        + "\"dta\"", strict.json().path("message").asText());
    Reply warn = cluster.api().send("POST", "/api/v1/namespaces/" + ns + "/configmaps?fieldValidation=Warn",
        "application/json", "{\"metadata\":{\"name\":\"w\"},\"dta\":{}}");
    assertEquals(201, warn.code());
    assertTrue(warn.raw().headers().firstValue("Warning").orElse("").contains("unknown field \\\"dta\\\""),
        warn.raw().headers().map().toString());
  }

  @Test
  void openApiDocumentsDescribeTheBuiltInTypes() throws Exception {
    JsonNode v2 = cluster.api().get("/openapi/v2").json();
    JsonNode pod = v2.path("definitions").path("io.k8s.api.core.v1.Pod");
    assertEquals("Pod", pod.path("x-kubernetes-group-version-kind").path(0).path("kind").asText());
    JsonNode index = cluster.api().get("/openapi/v3").json();
    String url = index.path("paths").path("apis/apps/v1").path("serverRelativeURL").asText();
    assertTrue(url.startsWith("/openapi/v3/apis/apps/v1?hash="), url);
    JsonNode apps = cluster.api().get(url).json();
    assertTrue(apps.path("components").path("schemas").has("io.k8s.api.apps.v1.Deployment"));
  }

  @Test
  void metricsUseKubeApiserverNames() throws Exception {
    cluster.api().get("/api/v1/namespaces");
    String metrics = cluster.api().get("/metrics").body();
    assertTrue(metrics.contains("apiserver_request_total{"), metrics);
    assertTrue(metrics.contains("apiserver_request_duration_seconds_bucket{"));
    cluster.api().send("POST", "/api/v1/namespaces/" + cluster.namespace() + "/configmaps", "application/json",
        "{\"metadata\":{\"name\":\"m\"}}");
    assertTrue(cluster.api().get("/metrics").body().contains("etcd_request_duration_seconds_bucket{operation=\"create\""
        + ",type=\"configmaps\""), "etcd create latency per resource");
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> cluster.api()
        .get("/metrics").body().contains("apiserver_storage_objects{resource=\"namespaces\"}"));
  }
}
