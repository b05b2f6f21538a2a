package dev.vkube.apiserver.controllers.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.controllers.cluster.disruption.BudgetedEviction;
import dev.vkube.apiserver.controllers.cluster.nodelifecycle.NodeLifecycleOptions;
import dev.vkube.apiserver.testing.ApiClient;
import dev.vkube.apiserver.testing.ApiClient.Reply;
import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.apiserver.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The cluster controllers against a real server over etcd, observed through the API as a user would. */
class ClusterControllersIT {
  @RegisterExtension
  static EtcdExtension etcd = new EtcdExtension();
  @TempDir
  static Path dataDir;
  static TestCluster cluster;
  static ApiClient api;
  static List<AutoCloseable> controllers;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.startWithoutControllers(etcd, dataDir);
    api = cluster.api();
    // The first connection waits out the start-up warm-up (OpenAPI, protobuf index) on a busy machine.
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> code("/api/v1/namespaces/default") == 200);
    controllers = ClusterControllers.start(cluster.context(), new NodeLifecycleOptions(Duration.ofSeconds(3),
        Duration.ofSeconds(1)));
  }

  @AfterAll
  static void stop() {
    ClusterControllers.closeAll(controllers);
    cluster.close();
  }

  private static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private static JsonNode post(String path, String body) throws Exception {
    Reply r = api.send("POST", path, "application/json", json(body));
    assertEquals(201, r.code(), r.body());
    return r.json();
  }

  private static int code(String path) throws Exception {
    return api.get(path).code();
  }

  private static Reply delete(String path, String options) throws Exception {
    return api.send("DELETE", path, "application/json", json(options));
  }

  private static JsonNode configMap(String ns, String name, JsonNode owner, boolean block, String finalizer)
      throws Exception {
    String refs = owner == null ? "" : ",'ownerReferences':[{'apiVersion':'v1','kind':'ConfigMap','name':'"
        + owner.path("metadata").path("name").asText() + "','uid':'" + owner.path("metadata").path("uid").asText()
        + "','blockOwnerDeletion':" + block + "}]";
    String finalizers = finalizer == null ? "" : ",'finalizers':['" + finalizer + "']";
    return post("/api/v1/namespaces/" + ns + "/configmaps", "{'metadata':{'name':'" + name + "'" + refs + finalizers
        + "}}");
  }

  // ---- garbage collector

  @Test
  void backgroundDeletionCollectsDanglingDependents() throws Exception {
    String ns = cluster.namespace();
    JsonNode owner = configMap(ns, "owner", null, false, null);
    configMap(ns, "dependent", owner, false, null);
    assertEquals(200, delete("/api/v1/namespaces/" + ns + "/configmaps/owner", "{}").code());
    await().atMost(WAIT).until(() -> code("/api/v1/namespaces/" + ns + "/configmaps/dependent") == 404);
  }

  @Test
  void foregroundDeletionOfAnOwnerWaitsForItsDependents() throws Exception {
    String ns = cluster.namespace();
    JsonNode owner = configMap(ns, "owner", null, false, null);
    configMap(ns, "dependent", owner, true, "example.com/hold");
    Reply deleting = delete("/api/v1/namespaces/" + ns + "/configmaps/owner", "{'propagationPolicy':'Foreground'}");
    assertEquals(202, deleting.code(), deleting.body());
    String dependent = "/api/v1/namespaces/" + ns + "/configmaps/dependent";
    await().atMost(WAIT).until(() -> api.get(dependent).json().path("metadata").has("deletionTimestamp"));
    JsonNode waiting = api.get("/api/v1/namespaces/" + ns + "/configmaps/owner").json();
    assertTrue(waiting.path("metadata").path("finalizers").toString().contains("foregroundDeletion"), waiting.toString());
    Reply released = api.send("PATCH", dependent, "application/merge-patch+json", "{\"metadata\":{\"finalizers\":null}}");
    assertEquals(200, released.code(), released.body());
    await().atMost(WAIT).until(() -> code("/api/v1/namespaces/" + ns + "/configmaps/owner") == 404);
    assertEquals(404, code(dependent));
  }

  @Test
  void orphanDeletionLeavesDependentsWithoutOwnerReferences() throws Exception {
    String ns = cluster.namespace();
    JsonNode owner = configMap(ns, "owner", null, false, null);
    configMap(ns, "dependent", owner, true, null);
    delete("/api/v1/namespaces/" + ns + "/configmaps/owner", "{'propagationPolicy':'Orphan'}");
    await().atMost(WAIT).until(() -> code("/api/v1/namespaces/" + ns + "/configmaps/owner") == 404);
    JsonNode dependent = api.get("/api/v1/namespaces/" + ns + "/configmaps/dependent").json();
    assertFalse(dependent.path("metadata").has("ownerReferences"), dependent.toString());
  }

  // ---- namespaces and service accounts

  @Test
  void namespaceDeletionRemovesEverythingIncludingCustomResourcesAndFinishes() throws Exception {
    post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", "{'metadata':{'name':'gadgets.example.com'},"
        + "'spec':{'group':'example.com','scope':'Namespaced','names':{'plural':'gadgets','kind':'Gadget'},"
        + "'versions':[{'name':'v1','served':true,'storage':true,'schema':{'openAPIV3Schema':{'type':'object',"
        + "'x-kubernetes-preserve-unknown-fields':true}}}]}}");
    await().atMost(WAIT).until(() -> code("/apis/example.com/v1") == 200);
    String ns = cluster.namespace();
    await().atMost(WAIT).until(() -> code("/apis/example.com/v1/namespaces/" + ns + "/gadgets") == 200);
    post("/apis/example.com/v1/namespaces/" + ns + "/gadgets", "{'apiVersion':'example.com/v1','kind':'Gadget',"
        + "'metadata':{'name':'g1'}}");
    configMap(ns, "plain", null, false, null);
    post("/api/v1/namespaces/" + ns + "/pods", pod("p1", "app", "x"));
    int deleted = delete("/api/v1/namespaces/" + ns, "{}").code();
    assertTrue(deleted == 200 || deleted == 202, "delete answered " + deleted);
    await().atMost(WAIT).until(() -> code("/api/v1/namespaces/" + ns) == 404);
    assertEquals(0, api.get("/apis/example.com/v1/namespaces/" + ns + "/gadgets").json().path("items").size());
  }

  @Test
  void namespaceWithFinalizedContentReportsItsConditions() throws Exception {
    String ns = cluster.namespace();
    configMap(ns, "held", null, false, "example.com/hold");
    delete("/api/v1/namespaces/" + ns, "{}");
    await().atMost(WAIT).until(() -> api.get("/api/v1/namespaces/" + ns).json().path("status").path("conditions")
        .toString().contains("SomeFinalizersRemain"));
    JsonNode status = api.get("/api/v1/namespaces/" + ns).json().path("status");
    assertEquals("Terminating", status.path("phase").asText());
    assertTrue(status.toString().contains("example.com/hold in 1 resource instances"), status.toString());
    api.send("PATCH", "/api/v1/namespaces/" + ns + "/configmaps/held", "application/merge-patch+json",
        "{\"metadata\":{\"finalizers\":null}}");
    await().atMost(WAIT).until(() -> code("/api/v1/namespaces/" + ns) == 404);
  }

  @Test
  void everyNamespaceGetsTheDefaultServiceAccountAndTheRootCa() throws Exception {
    String ns = cluster.namespace();
    await().atMost(WAIT).until(() -> code("/api/v1/namespaces/" + ns + "/serviceaccounts/default") == 200);
    await().atMost(WAIT).until(() -> code("/api/v1/namespaces/" + ns + "/configmaps/kube-root-ca.crt") == 200);
    JsonNode ca = api.get("/api/v1/namespaces/" + ns + "/configmaps/kube-root-ca.crt").json();
    assertTrue(ca.path("data").path("ca.crt").asText().startsWith("-----BEGIN CERTIFICATE-----"));
    delete("/api/v1/namespaces/" + ns + "/serviceaccounts/default", "{}");
    await().atMost(WAIT).until(() -> code("/api/v1/namespaces/" + ns + "/serviceaccounts/default") == 200);
  }

  // ---- services and endpoints

  private static String pod(String name, String label, String value) {
    return "{'metadata':{'name':'" + name + "','labels':{'" + label + "':'" + value + "'}},'spec':{'containers':[{"
        + "'name':'c','image':'nginx','ports':[{'name':'http','containerPort':8080}]}]}}";
  }

  private static void makeReady(String ns, String name, String ip) throws Exception {
    String path = "/api/v1/namespaces/" + ns + "/pods/" + name + "/status";
    ObjectNode pod = (ObjectNode) api.get("/api/v1/namespaces/" + ns + "/pods/" + name).json();
    ObjectNode status = pod.putObject("status");
    status.put("phase", "Running").put("podIP", ip);
    status.putArray("podIPs").addObject().put("ip", ip);
    status.putArray("conditions").addObject().put("type", "Ready").put("status", "True");
    Reply r = api.send("PUT", path, "application/json", pod.toString());
    assertEquals(200, r.code(), r.body());
  }

  @Test
  void serviceGetsAClusterIpAndEndpointsOfItsReadyPods() throws Exception {
    String ns = cluster.namespace();
    JsonNode service = post("/api/v1/namespaces/" + ns + "/services", "{'metadata':{'name':'web'},'spec':{"
        + "'selector':{'app':'web'},'ports':[{'name':'http','port':80,'targetPort':'http'}]}}");
    String ip = service.path("spec").path("clusterIP").asText();
    assertTrue(ip.startsWith("10.9") || ip.startsWith("10.10") || ip.startsWith("10.11"), ip);
    assertEquals(ip, service.path("spec").path("clusterIPs").get(0).asText());
    post("/api/v1/namespaces/" + ns + "/pods", pod("web-1", "app", "web"));
    post("/api/v1/namespaces/" + ns + "/pods", pod("web-2", "app", "web"));
    post("/api/v1/namespaces/" + ns + "/pods", pod("other", "app", "db"));
    makeReady(ns, "web-1", "10.244.0.11");
    makeReady(ns, "web-2", "10.244.0.12");
    makeReady(ns, "other", "10.244.0.13");
    String endpoints = "/api/v1/namespaces/" + ns + "/endpoints/web";
    await().atMost(WAIT).until(() -> api.get(endpoints).json().path("subsets").path(0).path("addresses").size() == 2);
    JsonNode subset = api.get(endpoints).json().path("subsets").get(0);
    assertEquals("10.244.0.11", subset.path("addresses").get(0).path("ip").asText());
    assertEquals(8080, subset.path("ports").get(0).path("port").asInt());
    String slices = "/apis/discovery.k8s.io/v1/namespaces/" + ns + "/endpointslices?labelSelector="
        + "kubernetes.io/service-name%3Dweb";
    await().atMost(WAIT).until(() -> api.get(slices).json().path("items").path(0).path("endpoints").size() == 2);
    JsonNode slice = api.get(slices).json().path("items").get(0);
    assertEquals("endpointslice-controller.k8s.io", slice.path("metadata").path("labels")
        .path("endpointslice.kubernetes.io/managed-by").asText());
    assertEquals(8080, slice.path("ports").get(0).path("port").asInt());
  }

  @Test
  void aTakenClusterIpIsRefusedAndTheKubernetesServiceHoldsTheFirstAddress() throws Exception {
    await().atMost(WAIT).until(() -> code("/api/v1/namespaces/default/services/kubernetes") == 200);
    assertEquals("10.96.0.1", api.get("/api/v1/namespaces/default/services/kubernetes").json().path("spec")
        .path("clusterIP").asText());
    await().atMost(WAIT).until(() -> code("/api/v1/namespaces/default/endpoints/kubernetes") == 200);
    String ns = cluster.namespace();
    post("/api/v1/namespaces/" + ns + "/services", "{'metadata':{'name':'a'},'spec':{'clusterIP':'10.96.0.77',"
        + "'ports':[{'port':80}]}}");
    Reply dup = api.send("POST", "/api/v1/namespaces/" + ns + "/services", "application/json", json(
        "{'metadata':{'name':'b'},'spec':{'clusterIP':'10.96.0.77','ports':[{'port':80}]}}"));
    assertEquals(422, dup.code(), dup.body());
    assertTrue(dup.json().path("message").asText().contains("spec.clusterIPs: Invalid value: []string{\"10.96.0.77\"}"
        + ": failed to allocate IP 10.96.0.77: provided IP is already allocated"), dup.body());
    delete("/api/v1/namespaces/" + ns + "/services/a", "{}");
    await().atMost(WAIT).until(() -> api.send("POST", "/api/v1/namespaces/" + ns + "/services", "application/json",
        json("{'metadata':{'name':'c'},'spec':{'clusterIP':'10.96.0.77','ports':[{'port':80}]}}")).code() == 201);
  }

  // ---- disruption budgets and eviction

  @Test
  void aDisruptionBudgetBlocksAnEvictionWith429() throws Exception {
    String ns = cluster.namespace();
    post("/api/v1/namespaces/" + ns + "/pods", pod("db-1", "app", "db"));
    post("/api/v1/namespaces/" + ns + "/pods", pod("db-2", "app", "db"));
    makeReady(ns, "db-1", "10.244.1.1");
    makeReady(ns, "db-2", "10.244.1.2");
    post("/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets", "{'metadata':{'name':'db'},'spec':{"
        + "'minAvailable':2,'selector':{'matchLabels':{'app':'db'}}}}");
    String pdb = "/apis/policy/v1/namespaces/" + ns + "/poddisruptionbudgets/db";
    await().atMost(WAIT).until(() -> api.get(pdb).json().path("status").path("currentHealthy").asInt() == 2);
    JsonNode status = api.get(pdb).json().path("status");
    assertEquals(0, status.path("disruptionsAllowed").asInt());
    assertEquals(2, status.path("expectedPods").asInt());
    assertEquals(1, status.path("observedGeneration").asInt());
    try (BudgetedEviction eviction = new BudgetedEviction(cluster.context())) {
      ObjectNode body = (ObjectNode) JSON.readTree(json("{'apiVersion':'policy/v1','kind':'Eviction','metadata':{"
          + "'name':'db-1','namespace':'" + ns + "'}}"));
      UserInfo admin = UserInfo.of("admin", List.of(UserInfo.MASTERS));
      CompletionException refused = assertThrows(CompletionException.class, () -> eviction.evict(ns, "db-1", body,
          admin, false).toCompletableFuture().join());
      ApiException e = (ApiException) refused.getCause();
      assertEquals(429, e.code());
      assertEquals("Cannot evict pod as it would violate the pod's disruption budget.", e.getMessage());
      api.send("PATCH", pdb, "application/merge-patch+json", "{\"spec\":{\"minAvailable\":1}}");
      await().atMost(WAIT).until(() -> api.get(pdb).json().path("status").path("disruptionsAllowed").asInt() == 1);
      assertEquals("Success", eviction.evict(ns, "db-1", body, admin, false).toCompletableFuture().join()
          .path("status").asText());
      assertEquals(404, code("/api/v1/namespaces/" + ns + "/pods/db-1"));
    }
  }

  // ---- node lifecycle

  @Test
  void aNodeWithAStaleLeaseTurnsUnknownAndItsPodsAreEvicted() throws Exception {
    String now = Instant.now().toString();
    post("/api/v1/nodes", "{'metadata':{'name':'node-a'},'status':{'conditions':[{'type':'Ready','status':'True',"
        + "'reason':'KubeletReady','lastHeartbeatTime':'" + now + "','lastTransitionTime':'" + now + "'}]}}");
    post("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", "{'metadata':{'name':'node-a'},"
        + "'spec':{'holderIdentity':'node-a','leaseDurationSeconds':40,'renewTime':'" + now + "'}}");
    String ns = cluster.namespace();
    // Tolerates unreachability for one second (else DefaultTolerationSeconds gives it 300).
    post("/api/v1/namespaces/" + ns + "/pods", "{'metadata':{'name':'bound'},'spec':{'nodeName':'node-a',"
        + "'containers':[{'name':'c','image':'nginx'}],'tolerations':[{'key':'node.kubernetes.io/unreachable',"
        + "'operator':'Exists','effect':'NoExecute','tolerationSeconds':1}]}}");
    await().atMost(WAIT).until(() -> api.get("/api/v1/nodes/node-a").json().path("status").path("conditions")
        .toString().contains("\"Unknown\""));
    await().atMost(WAIT).until(() -> api.get("/api/v1/nodes/node-a").json().path("spec").path("taints").toString()
        .contains("node.kubernetes.io/unreachable"));
    await().atMost(WAIT).until(() -> {
      Reply pod = api.get("/api/v1/namespaces/" + ns + "/pods/bound");
      return pod.code() == 404 || pod.json().path("metadata").has("deletionTimestamp");
    });
  }
}
