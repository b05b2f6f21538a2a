package dev.vkube.apiserver.controllers.workloads;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.apiserver.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** ReplicaSets and Deployments on a real server, driven by real kubectl, pods made Ready by a stand-in kubelet. */
class DeploymentIT {
  @RegisterExtension
  static EtcdExtension etcd = new EtcdExtension();
  @TempDir
  static Path dataDir;
  static WorkloadCluster workloads;
  static TestCluster cluster;
  static Kubectl kubectl;

  @BeforeAll
  static void start() throws Exception {
    workloads = WorkloadCluster.start(etcd, dataDir);
    cluster = workloads.cluster;
    kubectl = workloads.kubectl;
  }

  @AfterAll
  static void stop() throws Exception {
    workloads.close();
  }

  static JsonNode get(String path) throws Exception {
    return workloads.get(path);
  }

  static List<JsonNode> items(String path) throws Exception {
    return workloads.items(path);
  }

  @Test
  void replicaSetKeepsItsPodsNamedAndOwned() throws Exception {
    String ns = cluster.namespace();
    String rs = """
        {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"front"},
         "spec":{"replicas":3,"selector":{"matchLabels":{"app":"front"}},
          "template":{"metadata":{"labels":{"app":"front"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}""";
    assertEquals(201, cluster.api().send("POST", "/apis/apps/v1/namespaces/" + ns + "/replicasets",
        "application/json", rs).code());
    String pods = "/api/v1/namespaces/" + ns + "/pods";
    await().atMost(Duration.ofSeconds(20)).until(() -> items(pods).size() == 3);
    JsonNode pod = items(pods).get(0);
    assertTrue(pod.path("metadata").path("name").asText().matches("front-[bcdfghjklmnpqrstvwxz2456789]{5}"));
    JsonNode ref = pod.path("metadata").path("ownerReferences").get(0);
    assertEquals("ReplicaSet", ref.path("kind").asText());
    assertEquals("front", ref.path("name").asText());
    assertTrue(ref.path("controller").asBoolean() && ref.path("blockOwnerDeletion").asBoolean());
    assertEquals("front", pod.path("metadata").path("labels").path("app").asText());

    String victim = pod.path("metadata").path("name").asText();
    kubectl.ok("-n", ns, "delete", "pod", victim, "--wait=false");
    await().atMost(Duration.ofSeconds(20)).until(() -> items(pods).size() == 3
        && items(pods).stream().noneMatch(p -> p.path("metadata").path("name").asText().equals(victim)));

    try (TestKubelet kubelet = new TestKubelet(cluster.api(), ns, p -> TestKubelet.Outcome.READY)) {
      String path = "/apis/apps/v1/namespaces/" + ns + "/replicasets/front";
      await().atMost(Duration.ofSeconds(20)).until(() -> get(path).path("status").path("readyReplicas").asInt() == 3
          && get(path).path("status").path("availableReplicas").asInt() == 3);
      kubectl.ok("-n", ns, "scale", "rs", "front", "--replicas=1");
      await().atMost(Duration.ofSeconds(20)).until(() -> items(pods).size() == 1
          && get(path).path("status").path("replicas").asInt() == 1);
      assertEquals(get(path).path("metadata").path("generation").asLong(),
          get(path).path("status").path("observedGeneration").asLong());
    }
  }

  @Test
  void replicationControllerKeepsItsPods() throws Exception {
    String ns = cluster.namespace();
    String rc = """
        {"apiVersion":"v1","kind":"ReplicationController","metadata":{"name":"legacy"},
         "spec":{"replicas":2,"template":{"metadata":{"labels":{"app":"legacy"}},
          "spec":{"containers":[{"name":"c","image":"nginx"}]}}}}""";
    assertEquals(201, cluster.api().send("POST", "/api/v1/namespaces/" + ns + "/replicationcontrollers",
        "application/json", rc).code());
    await().atMost(Duration.ofSeconds(20)).until(() -> items("/api/v1/namespaces/" + ns + "/pods").size() == 2
        && get("/api/v1/namespaces/" + ns + "/replicationcontrollers/legacy").path("status").path("replicas").asInt()
        == 2);
    JsonNode ref = items("/api/v1/namespaces/" + ns + "/pods").get(0).path("metadata").path("ownerReferences").get(0);
    assertEquals("ReplicationController", ref.path("kind").asText());
    assertEquals("v1", ref.path("apiVersion").asText());
  }

  @Test
  void deploymentRollsOutScalesRollsBackAndRestarts() throws Exception {
    String ns = cluster.namespace();
    try (TestKubelet kubelet = new TestKubelet(cluster.api(), ns, p -> TestKubelet.Outcome.READY)) {
      kubectl.ok("-n", ns, "create", "deployment", "web", "--image=nginx:1", "--replicas=2");
      kubectl.ok("-n", ns, "rollout", "status", "deployment/web", "--timeout=60s");
      JsonNode rs1 = onlyReplicaSet(ns);
      String hash = rs1.path("metadata").path("labels").path("pod-template-hash").asText();
      assertEquals("web-" + hash, rs1.path("metadata").path("name").asText());
      assertEquals("1", rs1.path("metadata").path("annotations").path("deployment.kubernetes.io/revision").asText());
      JsonNode d = get("/apis/apps/v1/namespaces/" + ns + "/deployments/web");
      assertEquals("NewReplicaSetAvailable", Conditions.get(d.path("status"), "Progressing").path("reason").asText());
      assertEquals("True", Conditions.get(d.path("status"), "Available").path("status").asText());

      kubectl.ok("-n", ns, "scale", "deployment/web", "--replicas=4");
      kubectl.ok("-n", ns, "rollout", "status", "deployment/web", "--timeout=60s");
      assertEquals(4, items("/api/v1/namespaces/" + ns + "/pods").size());

      kubectl.ok("-n", ns, "set", "image", "deployment/web", "nginx=nginx:2");
      kubectl.ok("-n", ns, "rollout", "status", "deployment/web", "--timeout=60s");
      await().atMost(Duration.ofSeconds(20)).until(() -> podImages(ns).equals(List.of("nginx:2", "nginx:2",
          "nginx:2", "nginx:2")));
      String history = kubectl.ok("-n", ns, "rollout", "history", "deployment/web");
      assertTrue(history.contains("1 ") && history.contains("2 "), history);

      kubectl.ok("-n", ns, "rollout", "undo", "deployment/web");
      kubectl.ok("-n", ns, "rollout", "status", "deployment/web", "--timeout=60s");
      await().atMost(Duration.ofSeconds(20)).until(() -> podImages(ns).equals(List.of("nginx:1", "nginx:1",
          "nginx:1", "nginx:1")));
      JsonNode back = get("/apis/apps/v1/namespaces/" + ns + "/replicasets/" + rs1.path("metadata").path("name")
          .asText());
      assertEquals("3", back.path("metadata").path("annotations").path("deployment.kubernetes.io/revision").asText());
      assertEquals("1", back.path("metadata").path("annotations").path("deployment.kubernetes.io/revision-history")
          .asText());

      kubectl.ok("-n", ns, "rollout", "restart", "deployment/web");
      kubectl.ok("-n", ns, "rollout", "status", "deployment/web", "--timeout=60s");
      assertEquals(3, items("/apis/apps/v1/namespaces/" + ns + "/replicasets").size());

      kubectl.ok("-n", ns, "rollout", "pause", "deployment/web");
      kubectl.ok("-n", ns, "set", "image", "deployment/web", "nginx=nginx:3");
      await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> "DeploymentPaused".equals(
          Conditions.get(get("/apis/apps/v1/namespaces/" + ns + "/deployments/web").path("status"), "Progressing")
              .path("reason").asText()));
      assertEquals(3, items("/apis/apps/v1/namespaces/" + ns + "/replicasets").size());
      kubectl.ok("-n", ns, "rollout", "resume", "deployment/web");
      kubectl.ok("-n", ns, "rollout", "status", "deployment/web", "--timeout=60s");
      await().atMost(Duration.ofSeconds(20)).until(() -> podImages(ns).stream().allMatch("nginx:3"::equals));

      kubectl.ok("-n", ns, "patch", "deployment/web", "-p", "{\"spec\":{\"revisionHistoryLimit\":1}}");
      await().atMost(Duration.ofSeconds(20)).until(() -> items("/apis/apps/v1/namespaces/" + ns + "/replicasets")
          .size() == 2);
    }
  }

  @Test
  void recreateStopsOldPodsBeforeStartingNewOnes() throws Exception {
    String ns = cluster.namespace();
    try (TestKubelet kubelet = new TestKubelet(cluster.api(), ns, p -> TestKubelet.Outcome.READY)) {
      String body = """
          {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"db"},
           "spec":{"replicas":2,"strategy":{"type":"Recreate"},"selector":{"matchLabels":{"app":"db"}},
            "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"c","image":"pg:1"}]}}}}""";
      assertEquals(201, cluster.api().send("POST", "/apis/apps/v1/namespaces/" + ns + "/deployments",
          "application/json", body).code());
      kubectl.ok("-n", ns, "rollout", "status", "deployment/db", "--timeout=60s");
      kubectl.ok("-n", ns, "set", "image", "deployment/db", "c=pg:2");
      kubectl.ok("-n", ns, "rollout", "status", "deployment/db", "--timeout=60s");
      assertEquals(List.of("pg:2", "pg:2"), podImages(ns));
    }
  }

  @Test
  void stuckRolloutReportsProgressDeadlineExceeded() throws Exception {
    String ns = cluster.namespace();
    String body = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"stuck"},
         "spec":{"replicas":1,"progressDeadlineSeconds":2,"selector":{"matchLabels":{"app":"stuck"}},
          "template":{"metadata":{"labels":{"app":"stuck"}},"spec":{"containers":[{"name":"c","image":"x"}]}}}}""";
    assertEquals(201, cluster.api().send("POST", "/apis/apps/v1/namespaces/" + ns + "/deployments",
        "application/json", body).code());
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      JsonNode c = Conditions.get(get("/apis/apps/v1/namespaces/" + ns + "/deployments/stuck").path("status"),
          "Progressing");
      return c != null && "ProgressDeadlineExceeded".equals(c.path("reason").asText());
    });
    Kubectl.Run status = kubectl.run("-n", ns, "rollout", "status", "deployment/stuck", "--timeout=10s");
    assertTrue(status.exit() != 0 && status.out().contains("exceeded its progress deadline"), status.out());
  }

  static JsonNode onlyReplicaSet(String ns) throws Exception {
    List<JsonNode> all = items("/apis/apps/v1/namespaces/" + ns + "/replicasets");
    assertEquals(1, all.size());
    return all.get(0);
  }

  static List<String> podImages(String ns) throws Exception {
    return items("/api/v1/namespaces/" + ns + "/pods").stream()
        .map(p -> p.path("spec").path("containers").get(0).path("image").asText()).sorted().toList();
  }
}
