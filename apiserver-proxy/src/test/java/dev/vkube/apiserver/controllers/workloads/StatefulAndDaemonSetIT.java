package dev.vkube.apiserver.controllers.workloads;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.apiserver.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** StatefulSets and DaemonSets on a real server, pods made Ready by a stand-in kubelet. */
class StatefulAndDaemonSetIT {
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

  static List<String> podNames(String ns) throws Exception {
    List<String> out = new ArrayList<>();
    get("/api/v1/namespaces/" + ns + "/pods").path("items").forEach(p -> out.add(p.path("metadata").path("name")
        .asText()));
    return out.stream().sorted().toList();
  }

  @Test
  void statefulSetScalesUpInOrderWithClaimsAndRollsOutAbovePartition() throws Exception {
    String ns = cluster.namespace();
    var created = cluster.api().send("POST", "/apis/apps/v1/namespaces/" + ns + "/statefulsets", "application/json", """
        {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db"},
         "spec":{"replicas":3,"serviceName":"db","selector":{"matchLabels":{"app":"db"}},
          "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"c","image":"pg:1"}]}},
          "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],
           "resources":{"requests":{"storage":"1Gi"}}}}]}}""");
    assertEquals(201, created.code(), created.body());
    // OrderedReady: db-1 waits until db-0 is Running and Ready.
    await().atMost(Duration.ofSeconds(20)).until(() -> podNames(ns).equals(List.of("db-0")));
    await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertEquals(List.of("db-0"), podNames(ns));
    String path = "/apis/apps/v1/namespaces/" + ns + "/statefulsets/db";
    try (TestKubelet kubelet = new TestKubelet(cluster.api(), ns, p -> TestKubelet.Outcome.READY)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> get(path).path("status").path("readyReplicas").asInt() == 3);
      assertEquals(List.of("db-0", "db-1", "db-2"), podNames(ns));
      JsonNode pod = get("/api/v1/namespaces/" + ns + "/pods/db-1");
      assertEquals("db-1", pod.path("spec").path("hostname").asText());
      assertEquals("db", pod.path("spec").path("subdomain").asText());
      assertEquals("1", pod.path("metadata").path("labels").path("apps.kubernetes.io/pod-index").asText());
      assertEquals("db-1", pod.path("metadata").path("labels").path("statefulset.kubernetes.io/pod-name").asText());
      assertTrue(pod.path("spec").path("volumes").toString().contains("\"claimName\":\"data-db-1\""));
      assertEquals(200, cluster.api().get("/api/v1/namespaces/" + ns + "/persistentvolumeclaims/data-db-2").code());
      JsonNode status = get(path).path("status");
      assertEquals(status.path("currentRevision").asText(), status.path("updateRevision").asText());
      String first = status.path("currentRevision").asText();
      assertEquals(first, pod.path("metadata").path("labels").path("controller-revision-hash").asText());

      kubectl.ok("-n", ns, "patch", "statefulset", "db", "-p",
          "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":2}},\"template\":{\"spec\":{\"containers\":"
              + "[{\"name\":\"c\",\"image\":\"pg:2\"}]}}}}");
      await().atMost(Duration.ofSeconds(30)).until(() -> "pg:2".equals(get("/api/v1/namespaces/" + ns + "/pods/db-2")
          .path("spec").path("containers").path(0).path("image").asText())
          && get(path).path("status").path("updatedReplicas").asInt() == 1
          && get(path).path("status").path("readyReplicas").asInt() == 3);
      JsonNode after = get(path).path("status");
      assertNotEquals(first, after.path("updateRevision").asText());
      assertEquals(first, after.path("currentRevision").asText());
      assertEquals("pg:1", get("/api/v1/namespaces/" + ns + "/pods/db-0").path("spec").path("containers").path(0)
          .path("image").asText());
      kubectl.ok("-n", ns, "scale", "statefulset", "db", "--replicas=1");
      await().atMost(Duration.ofSeconds(30)).until(() -> podNames(ns).equals(List.of("db-0")));
    }
  }

  @Test
  void daemonSetRunsOnePodPerMatchingTolerableNode() throws Exception {
    String ns = cluster.namespace();
    node("ds-n1", "{\"disk\":\"ssd\"}", "[]");
    node("ds-n2", "{\"disk\":\"ssd\"}", "[{\"key\":\"dedicated\",\"value\":\"x\",\"effect\":\"NoSchedule\"}]");
    node("ds-n3", "{}", "[]");
    var created = cluster.api().send("POST", "/apis/apps/v1/namespaces/" + ns + "/daemonsets", "application/json", """
        {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent"},
         "spec":{"selector":{"matchLabels":{"app":"agent"}},
          "template":{"metadata":{"labels":{"app":"agent"}},"spec":{"nodeSelector":{"disk":"ssd"},
           "containers":[{"name":"c","image":"agent:1"}]}}}}""");
    assertEquals(201, created.code(), created.body());
    String path = "/apis/apps/v1/namespaces/" + ns + "/daemonsets/agent";
    await().atMost(Duration.ofSeconds(20)).until(() -> podNames(ns).size() == 1
        && get(path).path("status").path("desiredNumberScheduled").asInt() == 1);
    JsonNode pod = get("/api/v1/namespaces/" + ns + "/pods").path("items").get(0);
    assertEquals("ds-n1", DaemonSetReconciler.targetNode(pod));
    assertTrue(pod.path("metadata").path("name").asText().startsWith("agent-"));
    assertTrue(pod.path("spec").path("tolerations").toString().contains("node.kubernetes.io/unreachable"));

    kubectl.ok("-n", ns, "patch", "daemonset", "agent", "--type=json", "-p",
        "[{\"op\":\"add\",\"path\":\"/spec/template/spec/tolerations\",\"value\":[{\"key\":\"dedicated\","
            + "\"operator\":\"Exists\"}]}]");
    try (TestKubelet kubelet = new TestKubelet(cluster.api(), ns, p -> TestKubelet.Outcome.READY)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> get(path).path("status").path("numberReady").asInt() == 2
          && get(path).path("status").path("updatedNumberScheduled").asInt() == 2 && podNames(ns).size() == 2);
    }
    assertEquals(2, get(path).path("status").path("desiredNumberScheduled").asInt());
  }

  static void node(String name, String labels, String taints) throws Exception {
    var r = cluster.api().send("POST", "/api/v1/nodes", "application/json", "{\"apiVersion\":\"v1\",\"kind\":\"Node\","
        + "\"metadata\":{\"name\":\"" + name + "\",\"labels\":" + labels + "},\"spec\":{\"taints\":" + taints + "}}");
    assertEquals(201, r.code(), r.body());
  }
}
