package dev.vkube.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.controllers.cluster.namespace.NamespaceController;
import dev.vkube.apiserver.testing.ApiClient;
import dev.vkube.apiserver.testing.ApiClient.Reply;
import dev.vkube.apiserver.testing.EtcdExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The server on loopback over a real etcd, driven by raw HTTPS requests as client-go sends them. */
class ApiServerIT {
  @RegisterExtension
  static EtcdExtension etcd = new EtcdExtension();
  @TempDir
  static Path dataDir;
  static VirtualCluster cluster;
  static NamespaceController namespaceController;
  static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    // The API's own semantics, without controllers writing status (e.g. of the test's Deployment) meanwhile.
    cluster = VirtualCluster.start(new ServerOptions(List.of(etcd.endpoint()), "/it-" + UUID.randomUUID(), dataDir,
        dataDir.resolve("pki"), "127.0.0.1", 0, ServerOptions.DEFAULT_SERVICE_RANGE, List.of()).withoutControllers());
    // Namespace deletion finishes only through the namespace controller (namespaces/finalize).
    namespaceController = NamespaceController.start(cluster.context());
    api = ApiClient.fromKubeconfig(dataDir.resolve("admin.kubeconfig"));
  }

  @AfterAll
  static void stop() {
    namespaceController.close();
    cluster.close();
  }

  private static String namespace() throws Exception {
    String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
    Reply r = api.send("POST", "/api/v1/namespaces", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}");
    assertEquals(201, r.code(), r.body());
    return name;
  }

  private static Reply createConfigMap(String ns, String name, String labels) throws Exception {
    return api.send("POST", "/api/v1/namespaces/" + ns + "/configmaps", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":"
            + labels + "},\"data\":{\"k\":\"v\"}}");
  }

  @Test
  void healthAndVersionArePublicButResourcesNeedACertificate() throws Exception {
    ApiClient anonymous = ApiClient.anonymous(dataDir.resolve("admin.kubeconfig"));
    assertEquals("ok", anonymous.get("/readyz").body());
    assertTrue(anonymous.get("/readyz?verbose").body().contains("readyz check passed"));
    assertEquals("1", anonymous.get("/version").json().path("major").asText());
    Reply denied = anonymous.get("/api/v1/namespaces");
    assertEquals(401, denied.code());
    assertEquals("Unauthorized", denied.json().path("reason").asText());
  }

  /** kube-apiserver (request/x509) answers a certificate it cannot verify with 401, not a TLS failure. */
  @Test
  void clientCertificatesFromAnotherCaOrExpiredAreUnauthorized() throws Exception {
    java.time.Clock past = java.time.Clock.fixed(java.time.Instant.now().minus(java.time.Duration.ofDays(800)),
        java.time.ZoneOffset.UTC);
    dev.vkube.certs.Pki pki = dev.vkube.certs.PkiDirectory.loadOrCreate(dataDir.resolve("pki"),
        dev.vkube.certs.PkiOptions.defaults(), java.time.Clock.systemUTC());
    dev.vkube.certs.CertificateAuthority clusterCaInThePast = dev.vkube.certs.CertificateAuthority.load(
        pki.ca().certificate(), pki.ca().privateKey(), past);
    dev.vkube.certs.CertificateAuthority otherCa = dev.vkube.certs.CertificateAuthority.create("other",
        java.time.Clock.systemUTC());
    for (dev.vkube.certs.IssuedCertificate client : List.of(
        otherCa.issue(dev.vkube.certs.LeafSpec.client("mallory", List.of("system:masters"))),
        clusterCaInThePast.issue(dev.vkube.certs.LeafSpec.client("old", List.of("system:masters"))))) {
      Path kubeconfig = dataDir.resolve("client-" + UUID.randomUUID() + ".kubeconfig");
      dev.vkube.certs.KubeconfigWriter.write(kubeconfig, dev.vkube.certs.KubeconfigSpec.withClientCertificate(
          "vkube", api.server(), pki.ca().asIssued().certificatePem(), "u", client.certificatePem(),
          client.privateKeyPem()));
      Reply r = ApiClient.fromKubeconfig(kubeconfig).get("/api/v1/namespaces");
      assertEquals(401, r.code(), r.body());
    }
  }

  @Test
  void initialNamespacesExistAndAreActive() throws Exception {
    for (String ns : VirtualCluster.INITIAL_NAMESPACES) {
      JsonNode got = api.get("/api/v1/namespaces/" + ns).json();
      assertEquals("Active", got.path("status").path("phase").asText(), ns);
      assertEquals(ns, got.path("metadata").path("labels").path("kubernetes.io/metadata.name").asText());
    }
  }

  @Test
  void createSetsServerFieldsAndDuplicateIsAlreadyExists() throws Exception {
    String ns = namespace();
    Reply created = createConfigMap(ns, "one", "{}");
    assertEquals(201, created.code(), created.body());
    JsonNode meta = created.json().path("metadata");
    assertFalse(meta.path("uid").asText().isEmpty());
    assertTrue(meta.path("creationTimestamp").asText().endsWith("Z"));
    assertTrue(Long.parseLong(meta.path("resourceVersion").asText()) > 0);
    Reply again = createConfigMap(ns, "one", "{}");
    assertEquals(409, again.code());
    assertEquals("AlreadyExists", again.json().path("reason").asText());
    assertEquals("configmaps \"one\" already exists", again.json().path("message").asText());
  }

  @Test
  void generateNameAppendsFiveCharacters() throws Exception {
    String ns = namespace();
    Reply r = api.send("POST", "/api/v1/namespaces/" + ns + "/configmaps", "application/json",
        "{\"metadata\":{\"generateName\":\"gen-\"}}");
    assertEquals(201, r.code(), r.body());
    assertTrue(r.json().path("metadata").path("name").asText().matches("gen-[bcdfghjklmnpqrstvwxz2456789]{5}"));
  }

  @Test
  void staleResourceVersionIsConflict() throws Exception {
    String ns = namespace();
    JsonNode cm = createConfigMap(ns, "c", "{}").json();
    String path = "/api/v1/namespaces/" + ns + "/configmaps/c";
    String v1 = cm.toString().replace("\"k\":\"v\"", "\"k\":\"v2\"");
    assertEquals(200, api.send("PUT", path, "application/json", v1).code());
    Reply stale = api.send("PUT", path, "application/json", v1);
    assertEquals(409, stale.code());
    assertEquals("Conflict", stale.json().path("reason").asText());
    assertTrue(stale.json().path("message").asText().contains("the object has been modified"));
  }

  @Test
  void missingObjectIsNotFoundAndBadNameIsInvalid() throws Exception {
    String ns = namespace();
    Reply missing = api.get("/api/v1/namespaces/" + ns + "/configmaps/nope");
    assertEquals(404, missing.code());
    assertEquals("configmaps \"nope\" not found", missing.json().path("message").asText());
    Reply bad = createConfigMap(ns, "Bad_Name", "{}");
    assertEquals(422, bad.code());
    assertEquals("metadata.name", bad.json().path("details").path("causes").path(0).path("field").asText());
    assertTrue(bad.json().path("message").asText().startsWith("ConfigMap \"Bad_Name\" is invalid: metadata.name"));
  }

  @Test
  void malformedAndOversizedBodiesAreRejected() throws Exception {
    String ns = namespace();
    assertEquals(400, api.send("POST", "/api/v1/namespaces/" + ns + "/configmaps", "application/json", "{bad")
        .code());
    String huge = "{\"metadata\":{\"name\":\"big\"},\"data\":{\"k\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}}";
    assertEquals(413, api.send("POST", "/api/v1/namespaces/" + ns + "/configmaps", "application/json", huge).code());
    Reply yaml = api.send("POST", "/api/v1/namespaces/" + ns + "/configmaps", "application/yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  a: b\n");
    assertEquals(201, yaml.code(), yaml.body());
  }

  @Test
  void writesIntoMissingNamespaceAreNotFound() throws Exception {
    Reply r = createConfigMap("does-not-exist", "x", "{}");
    assertEquals(404, r.code());
    assertEquals("namespaces \"does-not-exist\" not found", r.json().path("message").asText());
  }

  @Test
  void labelAndFieldSelectorsAndPagination() throws Exception {
    String ns = namespace();
    for (int i = 0; i < 5; i++) {
      assertEquals(201, createConfigMap(ns, "cm" + i, "{\"tier\":\"" + (i % 2 == 0 ? "even" : "odd") + "\"}").code());
    }
    String base = "/api/v1/namespaces/" + ns + "/configmaps";
    assertEquals(3, api.get(base + "?labelSelector=tier%3Deven").json().path("items").size());
    // notin also matches objects without the label (kube-root-ca.crt is in every namespace): select ours.
    assertEquals(2, api.get(base + "?labelSelector=tier,tier+notin+(even)").json().path("items").size());
    assertEquals(1, api.get(base + "?fieldSelector=metadata.name%3Dcm3").json().path("items").size());
    assertEquals(400, api.get(base + "?fieldSelector=data.k%3Dv").code());
    JsonNode first = api.get(base + "?limit=2").json();
    assertEquals(2, first.path("items").size());
    String token = first.path("metadata").path("continue").asText();
    assertFalse(token.isEmpty());
    JsonNode second = api.get(base + "?limit=2&continue=" + token).json();
    assertEquals("cm2", second.path("items").path(0).path("metadata").path("name").asText());
  }

  @Test
  void statusIsOnlyWrittenThroughTheStatusSubresource() throws Exception {
    String ns = namespace();
    String path = "/apis/apps/v1/namespaces/" + ns + "/deployments";
    String deployment = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"},"
        + "\"spec\":{\"replicas\":1,\"selector\":{\"matchLabels\":{\"a\":\"b\"}},\"template\":{\"metadata\":"
        + "{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}},"
        + "\"status\":{\"replicas\":7}}";
    JsonNode created = api.send("POST", path, "application/json", deployment).json();
    assertTrue(created.path("status").path("replicas").isMissingNode(), "status reset on create");
    assertEquals(1, created.path("metadata").path("generation").asInt());
    Reply status = api.send("PATCH", path + "/d/status", "application/merge-patch+json",
        "{\"status\":{\"replicas\":3},\"spec\":{\"replicas\":9}}");
    assertEquals(200, status.code(), status.body());
    assertEquals(3, status.json().path("status").path("replicas").asInt());
    assertEquals(1, status.json().path("spec").path("replicas").asInt(), "a status write keeps spec");
    Reply spec = api.send("PATCH", path + "/d", "application/merge-patch+json",
        "{\"status\":{\"replicas\":5},\"spec\":{\"replicas\":2}}");
    assertEquals(3, spec.json().path("status").path("replicas").asInt(), "a main write keeps status");
    assertEquals(2, spec.json().path("metadata").path("generation").asInt(), "spec change bumps generation");
  }

  @Test
  void finalizersHoldDeletionUntilRemoved() throws Exception {
    String ns = namespace();
    String path = "/api/v1/namespaces/" + ns + "/configmaps/f";
    api.send("POST", "/api/v1/namespaces/" + ns + "/configmaps", "application/json",
        "{\"metadata\":{\"name\":\"f\",\"finalizers\":[\"example.com/hold\"]}}");
    Reply deleting = api.send("DELETE", path, null, null);
    assertEquals(202, deleting.code(), deleting.body());
    assertNotNull(api.get(path).json().path("metadata").get("deletionTimestamp"));
    assertEquals(200, api.send("PATCH", path, "application/merge-patch+json",
        "{\"metadata\":{\"finalizers\":null}}").code());
    assertEquals(404, api.get(path).code());
  }

  @Test
  void deletingANamespaceRemovesItsContent() throws Exception {
    String ns = namespace();
    createConfigMap(ns, "inside", "{}");
    // Content with a finalizer keeps the namespace Terminating until the finalizer goes (the namespace
    // controller waits for it), so the refusal of new content can be observed without a race.
    Reply held = api.send("POST", "/api/v1/namespaces/" + ns + "/configmaps", "application/json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"held\",\"finalizers\":"
            + "[\"example.com/hold\"]}}");
    assertEquals(201, held.code(), held.body());
    Reply deleting = api.send("DELETE", "/api/v1/namespaces/" + ns, null, null);
    assertEquals("Terminating", deleting.json().path("status").path("phase").asText());
    // Refused once the namespace check's cache has seen the deletion: like upstream's NamespaceLifecycle
    // (it reads an informer), a create racing the DELETE itself may still pass; it is deleted with the rest.
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
        .until(() -> createConfigMap(ns, "late", "{}").code() == 403);
    Reply refused = createConfigMap(ns, "late-2", "{}");
    assertEquals(403, refused.code());
    assertTrue(refused.json().path("message").asText().contains("because it is being terminated"),
        refused.body());
    assertEquals(200, api.send("PATCH", "/api/v1/namespaces/" + ns + "/configmaps/held",
        "application/merge-patch+json", "{\"metadata\":{\"finalizers\":null}}").code());
    try {
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
          .until(() -> api.get("/api/v1/namespaces/" + ns).code() == 404);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("namespace not deleted: " + api.get("/api/v1/namespaces/" + ns).body()
          + "\ncontent: " + api.get("/api/v1/namespaces/" + ns + "/configmaps").body(), e);
    }
    assertEquals(0, api.get("/api/v1/namespaces/" + ns + "/configmaps").json().path("items").size());
  }

  @Test
  void discoveryServesAggregatedAndLegacyDocuments() throws Exception {
    Reply aggregated = api.get("/apis", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
        + "application/json");
    assertEquals("APIGroupDiscoveryList", aggregated.json().path("kind").asText());
    assertTrue(aggregated.raw().headers().firstValue("Content-Type").orElse("").contains("as=APIGroupDiscoveryList"));
    JsonNode core = api.get("/api/v1").json();
    boolean podsStatus = false;
    for (JsonNode r : core.path("resources")) {
      podsStatus |= r.path("name").asText().equals("pods/status");
    }
    assertTrue(podsStatus);
    assertEquals("apps", api.get("/apis/apps").json().path("name").asText());
    assertNotEquals(200, api.get("/apis/nope.example.com/v1").code());
  }
}
