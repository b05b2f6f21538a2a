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

/** Defaults users see and validation that rejects what kube-apiserver rejects (pkg/apis/.../defaults.go). */
class BuiltinDefaultsIT {
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

  private static Reply post(String path, String json) throws Exception {
    return cluster.api().send("POST", path, "application/json", json.replace('\'', '"'));
  }

  @Test
  void podDefaultsFollowSetDefaultsPod() throws Exception {
    String ns = cluster.namespace();
    Reply r = post("/api/v1/namespaces/" + ns + "/pods", "{'metadata':{'name':'p'},'spec':{'containers':["
        + "{'name':'a','image':'nginx:1.25','ports':[{'containerPort':80}]},{'name':'b','image':'busybox'}]}}");
    assertEquals(201, r.code(), r.body());
    JsonNode spec = r.json().path("spec");
    assertEquals("Always", spec.path("restartPolicy").asText());
    assertEquals("ClusterFirst", spec.path("dnsPolicy").asText());
    assertEquals("default-scheduler", spec.path("schedulerName").asText());
    assertEquals(30, spec.path("terminationGracePeriodSeconds").asInt());
    assertTrue(spec.path("securityContext").isObject());
    JsonNode a = spec.path("containers").path(0);
    assertEquals("IfNotPresent", a.path("imagePullPolicy").asText(), "tagged image");
    assertEquals("Always", spec.path("containers").path(1).path("imagePullPolicy").asText(), "untagged image");
    assertEquals("/dev/termination-log", a.path("terminationMessagePath").asText());
    assertEquals("File", a.path("terminationMessagePolicy").asText());
    assertEquals("TCP", a.path("ports").path(0).path("protocol").asText());
    assertEquals("Pending", r.json().path("status").path("phase").asText());
    assertEquals("BestEffort", r.json().path("status").path("qosClass").asText());
  }

  @Test
  void podSpecIsImmutableExceptImages() throws Exception {
    String ns = cluster.namespace();
    post("/api/v1/namespaces/" + ns + "/pods", "{'metadata':{'name':'p'},'spec':{'containers':[{'name':'a',"
        + "'image':'nginx:1'}]}}");
    String path = "/api/v1/namespaces/" + ns + "/pods/p";
    Reply image = cluster.api().send("PATCH", path, "application/strategic-merge-patch+json",
        "{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"nginx:2\"}]}}");
    assertEquals(200, image.code(), image.body());
    Reply other = cluster.api().send("PATCH", path, "application/strategic-merge-patch+json",
        "{\"spec\":{\"containers\":[{\"name\":\"a\",\"workingDir\":\"/tmp\"}]}}");
    assertEquals(422, other.code());
    assertTrue(other.json().path("message").asText().contains("spec: Forbidden: pod updates may not change fields"));
  }

  @Test
  void deploymentDefaultsAndSelectorRules() throws Exception {
    String ns = cluster.namespace();
    String path = "/apis/apps/v1/namespaces/" + ns + "/deployments";
    Reply r = post(path, "{'metadata':{'name':'d'},'spec':{'selector':{'matchLabels':{'app':'d'}},'template':"
        + "{'metadata':{'labels':{'app':'d'}},'spec':{'containers':[{'name':'c','image':'nginx'}]}}}}");
    assertEquals(201, r.code(), r.body());
    JsonNode spec = r.json().path("spec");
    assertEquals(1, spec.path("replicas").asInt());
    assertEquals("RollingUpdate", spec.path("strategy").path("type").asText());
    assertEquals("25%", spec.path("strategy").path("rollingUpdate").path("maxSurge").asText());
    assertEquals(10, spec.path("revisionHistoryLimit").asInt());
    assertEquals(600, spec.path("progressDeadlineSeconds").asInt());
    assertEquals("Always", spec.path("template").path("spec").path("restartPolicy").asText());
    Reply mismatch = post(path, "{'metadata':{'name':'bad'},'spec':{'selector':{'matchLabels':{'app':'x'}},"
        + "'template':{'metadata':{'labels':{'app':'d'}},'spec':{'containers':[{'name':'c','image':'nginx'}]}}}}");
    assertEquals(422, mismatch.code());
    assertEquals("spec.template.metadata.labels", mismatch.json().path("details").path("causes").path(0)
        .path("field").asText());
    Reply changed = cluster.api().send("PATCH", path + "/d", "application/merge-patch+json",
        "{\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"e\"}},\"template\":{\"metadata\":{\"labels\":"
            + "{\"app\":\"e\"}}}}}");
    assertEquals(422, changed.code());
    assertTrue(changed.json().path("message").asText().contains("field is immutable"), changed.body());
  }

  @Test
  void jobsGetAGeneratedSelector() throws Exception {
    String ns = cluster.namespace();
    Reply r = post("/apis/batch/v1/namespaces/" + ns + "/jobs", "{'metadata':{'name':'j'},'spec':{'template':"
        + "{'spec':{'restartPolicy':'Never','containers':[{'name':'c','image':'busybox'}]}}}}");
    assertEquals(201, r.code(), r.body());
    String uid = r.json().path("metadata").path("uid").asText();
    assertEquals(uid, r.json().path("spec").path("selector").path("matchLabels")
        .path("batch.kubernetes.io/controller-uid").asText());
    assertEquals("j", r.json().path("spec").path("template").path("metadata").path("labels").path("job-name")
        .asText());
    assertEquals(6, r.json().path("spec").path("backoffLimit").asInt());
    assertEquals(1, r.json().path("spec").path("completions").asInt());
  }

  @Test
  void serviceDefaultsAndPortRules() throws Exception {
    String ns = cluster.namespace();
    String path = "/api/v1/namespaces/" + ns + "/services";
    Reply r = post(path, "{'metadata':{'name':'s'},'spec':{'selector':{'a':'b'},'ports':[{'port':80}]}}");
    assertEquals(201, r.code(), r.body());
    JsonNode spec = r.json().path("spec");
    assertEquals("ClusterIP", spec.path("type").asText());
    assertEquals("None", spec.path("sessionAffinity").asText());
    assertEquals(80, spec.path("ports").path(0).path("targetPort").asInt());
    assertEquals("TCP", spec.path("ports").path(0).path("protocol").asText());
    Reply unnamed = post(path, "{'metadata':{'name':'two'},'spec':{'ports':[{'port':80},{'port':81}]}}");
    assertEquals(422, unnamed.code());
    assertEquals("spec.ports[0].name", unnamed.json().path("details").path("causes").path(0).path("field").asText());
    Reply range = post(path, "{'metadata':{'name':'range'},'spec':{'ports':[{'port':70000}]}}");
    assertEquals(422, range.code());
    assertTrue(range.json().path("message").asText().contains("must be between 1 and 65535"));
    Reply noPorts = post(path, "{'metadata':{'name':'noports'},'spec':{}}");
    assertEquals("spec.ports: Required value", noPorts.json().path("details").path("causes").path(0).path("field")
        .asText() + ": " + noPorts.json().path("details").path("causes").path(0).path("message").asText());
  }

  @Test
  void labelsAndAnnotationsAreValidated() throws Exception {
    String ns = cluster.namespace();
    Reply r = post("/api/v1/namespaces/" + ns + "/configmaps", "{'metadata':{'name':'c','labels':"
        + "{'ok':'bad value!'}}}");
    assertEquals(422, r.code());
    assertTrue(r.json().path("message").asText().startsWith("ConfigMap \"c\" is invalid: metadata.labels: "
        + "Invalid value: \"bad value!\": a valid label must be an empty string"), r.body());
    Reply key = post("/api/v1/namespaces/" + ns + "/configmaps", "{'metadata':{'name':'c','annotations':"
        + "{'a/b/c':'x'}}}");
    assertEquals(422, key.code());
  }
}
