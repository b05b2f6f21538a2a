package dev.vkube.apiserver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.testing.ApiClient.Reply;
import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.apiserver.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Serving CRDs as apiextensions-apiserver does: establishing, validation, defaults, pruning, subresources. */
class CustomResourcesIT {
  @RegisterExtension
  static EtcdExtension etcd = new EtcdExtension();
  @TempDir
  static Path dataDir;
  static TestCluster cluster;

  private static final String CRD = ("{'apiVersion':'apiextensions.k8s.io/v1','kind':'CustomResourceDefinition',"
      + "'metadata':{'name':'widgets.example.com'},'spec':{'group':'example.com','scope':'Namespaced',"
      + "'names':{'plural':'widgets','kind':'Widget','shortNames':['wd'],'categories':['all']},"
      + "'versions':[{'name':'v1','served':true,'storage':true,"
      + "'subresources':{'status':{},'scale':{'specReplicasPath':'.spec.replicas','statusReplicasPath':"
      + "'.status.replicas'}},"
      + "'additionalPrinterColumns':[{'name':'Size','type':'string','jsonPath':'.spec.size'}],"
      + "'schema':{'openAPIV3Schema':{'type':'object','properties':{'spec':{'type':'object','required':['size'],"
      + "'properties':{'size':{'type':'string','enum':['S','M','L']},'replicas':{'type':'integer','minimum':0,"
      + "'default':1},'free':{'type':'object','x-kubernetes-preserve-unknown-fields':true}}},"
      + "'status':{'type':'object','properties':{'replicas':{'type':'integer'}}}}}}}]}}").replace('\'', '"');

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(etcd, dataDir);
    Reply created = cluster.api().send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
        "application/json", CRD);
    assertEquals(201, created.code(), created.body());
    await().atMost(Duration.ofSeconds(5)).until(() -> cluster.api().get("/apis/example.com/v1").code() == 200);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static Reply post(String ns, String json) throws Exception {
    return cluster.api().send("POST", "/apis/example.com/v1/namespaces/" + ns + "/widgets", "application/json",
        json.replace('\'', '"'));
  }

  @Test
  void establishedCrdHasConditionsAndIsDiscoverable() throws Exception {
    String path = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com";
    await().atMost(Duration.ofSeconds(5)).until(() -> cluster.api().get(path).json().path("status")
        .path("conditions").size() == 2);
    JsonNode crd = cluster.api().get(path).json();
    boolean established = false;
    for (JsonNode c : crd.path("status").path("conditions")) {
      established |= c.path("type").asText().equals("Established") && c.path("status").asText().equals("True");
    }
    assertTrue(established, crd.toString());
    assertEquals("v1", crd.path("status").path("storedVersions").path(0).asText());
    JsonNode resources = cluster.api().get("/apis/example.com/v1").json().path("resources");
    assertEquals("widgets", resources.path(0).path("name").asText());
    assertEquals("wd", resources.path(0).path("shortNames").path(0).asText());
  }

  @Test
  void defaultsApplyUnknownFieldsArePrunedAndPreservedWhereAsked() throws Exception {
    String ns = cluster.namespace();
    Reply r = post(ns, "{'apiVersion':'example.com/v1','kind':'Widget','metadata':{'name':'w'},"
        + "'spec':{'size':'S','junk':1,'free':{'any':{'thing':true}}}}");
    assertEquals(201, r.code(), r.body());
    JsonNode spec = r.json().path("spec");
    assertEquals(1, spec.path("replicas").asInt(), "schema default");
    assertFalse(spec.has("junk"), "pruned");
    assertTrue(spec.path("free").path("any").path("thing").asBoolean(), "preserved");
    assertEquals(1, r.json().path("metadata").path("generation").asInt());
  }

  @Test
  void invalidObjectsAreRejectedWithTheFieldNamed() throws Exception {
    String ns = cluster.namespace();
    Reply missing = post(ns, "{'apiVersion':'example.com/v1','kind':'Widget','metadata':{'name':'a'},'spec':{}}");
    assertEquals(422, missing.code());
    assertEquals("spec.size", missing.json().path("details").path("causes").path(0).path("field").asText());
    Reply bad = post(ns, "{'apiVersion':'example.com/v1','kind':'Widget','metadata':{'name':'b'},"
        + "'spec':{'size':'XL','replicas':-1}}");
    assertEquals(422, bad.code());
    assertTrue(bad.json().path("message").asText().contains("spec.size: Unsupported value: \"XL\""), bad.body());
    assertTrue(bad.json().path("message").asText().contains("spec.replicas in body should be greater than or "
        + "equal to 0"), bad.body());
  }

  @Test
  void statusAndScaleSubresourcesAndPrinterColumns() throws Exception {
    String ns = cluster.namespace();
    post(ns, "{'apiVersion':'example.com/v1','kind':'Widget','metadata':{'name':'w'},'spec':{'size':'M'},"
        + "'status':{'replicas':9}}");
    String path = "/apis/example.com/v1/namespaces/" + ns + "/widgets/w";
    assertTrue(cluster.api().get(path).json().path("status").isMissingNode(), "status is reset on create");
    Reply status = cluster.api().send("PATCH", path + "/status", "application/merge-patch+json",
        "{\"status\":{\"replicas\":2}}");
    assertEquals(2, status.json().path("status").path("replicas").asInt(), status.body());
    Reply scale = cluster.api().send("PATCH", path + "/scale", "application/merge-patch+json",
        "{\"spec\":{\"replicas\":5}}");
    assertEquals(200, scale.code(), scale.body());
    assertEquals("Scale", scale.json().path("kind").asText());
    assertEquals(5, cluster.api().get(path).json().path("spec").path("replicas").asInt());
    JsonNode table = cluster.api().get("/apis/example.com/v1/namespaces/" + ns + "/widgets",
        "application/json;as=Table;v=v1;g=meta.k8s.io").json();
    assertEquals("Size", table.path("columnDefinitions").path(1).path("name").asText());
    assertEquals("M", table.path("rows").path(0).path("cells").path(1).asText());
    Reply strategic = cluster.api().send("PATCH", path, "application/strategic-merge-patch+json",
        "{\"spec\":{\"size\":\"L\"}}");
    assertEquals(415, strategic.code());
  }

  @Test
  void deletingTheCrdDeletesItsObjectsAndStopsServingIt() throws Exception {
    String crd = CRD.replace("widgets", "gadgets").replace("\"Widget\"", "\"Gadget\"").replace("[\"wd\"]",
        "[\"gd\"]");
    assertEquals(201, cluster.api().send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
        "application/json", crd).code());
    await().atMost(Duration.ofSeconds(5)).until(() ->
        cluster.api().get("/apis/example.com/v1/gadgets").code() == 200);
    String ns = cluster.namespace();
    Reply g = cluster.api().send("POST", "/apis/example.com/v1/namespaces/" + ns + "/gadgets", "application/json",
        "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Gadget\",\"metadata\":{\"name\":\"g\"},\"spec\":{\"size\":\"S\"}}");
    assertEquals(201, g.code(), g.body());
    cluster.api().send("DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.com",
        null, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.api()
        .get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.com").code() == 404);
    assertEquals(404, cluster.api().get("/apis/example.com/v1/gadgets").code());
  }
}
