package dev.vkube.apiserver.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vkube.apiserver.registry.ResourceRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenApiServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CORE = "io.k8s.api.core.v1.";
  private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

  private static OpenApiService service;
  private static JsonNode v2;
  private static long firstV2Millis;

  @BeforeAll
  static void generate() throws IOException {
    service = new OpenApiService(ResourceRegistry.builtin());
    long start = System.nanoTime();
    v2 = JSON.readTree(service.v2());
    firstV2Millis = (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void v2IsSwaggerWithEveryResourcePath() {
    assertEquals("2.0", v2.path("swagger").asText());
    assertEquals("Kubernetes", v2.at("/info/title").asText());
    assertTrue(v2.at("/info/version").asText().startsWith("v1."));
    JsonNode paths = v2.path("paths");
    for (String path : List.of("/api/v1/namespaces/{namespace}/pods", "/api/v1/namespaces/{namespace}/pods/{name}",
        "/api/v1/pods", "/api/v1/namespaces/{name}/status",
        "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale",
        "/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}")) {
      assertTrue(paths.has(path), path);
    }
    JsonNode list = paths.at("/~1api~1v1~1namespaces~1{namespace}~1pods/get");
    assertEquals("listCoreV1NamespacedPod", list.path("operationId").asText());
    assertEquals("list", list.path("x-kubernetes-action").asText());
    assertEquals("#/definitions/" + CORE + "PodList", list.at("/responses/200/schema/$ref").asText());
    assertEquals("Pod", list.at("/x-kubernetes-group-version-kind/kind").asText());
  }

  @Test
  void v2WritesDeclareFieldValidationDryRunAndFieldManager() {
    JsonNode patch = v2.at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1deployments~1{name}/patch");
    assertEquals(List.of("dryRun", "fieldManager", "fieldValidation", "force"), queryParameters(patch));
    assertEquals("patchAppsV1NamespacedDeployment", patch.path("operationId").asText());
    JsonNode create = v2.at("/paths/~1api~1v1~1namespaces~1{namespace}~1configmaps/post");
    assertTrue(queryParameters(create).contains("fieldValidation"));
    assertEquals("#/definitions/" + CORE + "ConfigMap", create.at("/parameters/0/schema/$ref").asText());
  }

  @Test
  void podSchemaHasContainersWithNameImagePortsAndMergeKeys() {
    JsonNode definitions = v2.path("definitions");
    JsonNode pod = definitions.path(CORE + "Pod");
    assertEquals("#/definitions/" + META + "ObjectMeta", pod.at("/properties/metadata/$ref").asText());
    assertEquals("string", pod.at("/properties/apiVersion/type").asText());
    assertGvk(pod, "", "v1", "Pod");
    JsonNode containers = definitions.path(CORE + "PodSpec").at("/properties/containers");
    assertEquals("array", containers.path("type").asText());
    assertEquals("name", containers.path("x-kubernetes-patch-merge-key").asText());
    assertEquals("merge", containers.path("x-kubernetes-patch-strategy").asText());
    assertEquals("map", containers.path("x-kubernetes-list-type").asText());
    JsonNode container = definitions.path(CORE + "Container").path("properties");
    assertEquals("string", container.at("/name/type").asText());
    assertEquals("string", container.at("/image/type").asText());
    assertEquals("containerPort", container.at("/ports/x-kubernetes-patch-merge-key").asText());
    assertEquals("[\"containerPort\",\"protocol\"]", container.at("/ports/x-kubernetes-list-map-keys").toString());
    assertEquals("#/definitions/" + CORE + "ContainerPort", container.at("/ports/items/$ref").asText());
    assertEquals("port", definitions.at("/" + CORE + "ServiceSpec/properties/ports/x-kubernetes-patch-merge-key")
        .asText());
    assertEquals("set",
        definitions.at("/" + META + "ObjectMeta/properties/finalizers/x-kubernetes-list-type").asText());
  }

  @Test
  void schemasFollowGoJsonNotProto() {
    JsonNode definitions = v2.path("definitions");
    JsonNode volume = definitions.at("/" + CORE + "Volume/properties");
    assertTrue(volume.has("configMap"), "VolumeSource is inlined into Volume");
    assertFalse(volume.has("volumeSource"));
    assertTrue(definitions.at("/io.k8s.api.rbac.v1.RoleRef/properties").has("apiGroup"));
    JsonNode labels = definitions.at("/" + META + "ObjectMeta/properties/labels");
    assertEquals("string", labels.at("/additionalProperties/type").asText());
    assertEquals("#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity",
        definitions.at("/" + CORE + "ResourceRequirements/properties/limits/additionalProperties/$ref").asText());
    assertEquals("date-time", definitions.at("/" + META + "Time/format").asText());
    assertEquals("int-or-string", definitions.at("/io.k8s.apimachinery.pkg.util.intstr.IntOrString/format").asText());
    assertEquals("string", definitions.at("/io.k8s.apimachinery.pkg.api.resource.Quantity/type").asText());
    assertEquals("byte", definitions.at("/" + CORE + "Secret/properties/data/additionalProperties/format").asText());
    assertEquals("int32", definitions.at("/io.k8s.api.apps.v1.DeploymentSpec/properties/replicas/format").asText());
    assertEquals("array", definitions.at("/io.k8s.api.rbac.v1.PolicyRule/properties/verbs/type").asText());
    assertEquals("object", definitions.at("/io.k8s.apimachinery.pkg.runtime.RawExtension/type").asText());
  }

  @Test
  void onlyKindsCarryTypeMeta() {
    JsonNode definitions = v2.path("definitions");
    assertFalse(definitions.at("/" + CORE + "PodTemplateSpec/properties").has("kind"));
    assertTrue(definitions.at("/io.k8s.api.autoscaling.v1.Scale/properties").has("apiVersion"));
    assertTrue(definitions.at("/" + CORE + "PodList/properties").has("kind"));
    assertFalse(definitions.at("/" + META + "WatchEvent/properties").has("kind"));
    assertTrue(definitions.at("/" + META + "DeleteOptions/x-kubernetes-group-version-kind").size() > 10);
  }

  @Test
  void v3IndexListsEveryGroupVersionWithItsHash() throws IOException {
    JsonNode index = JSON.readTree(service.v3Index());
    for (String gv : List.of("api/v1", "apis/apps/v1", "apis/batch/v1", "apis/rbac.authorization.k8s.io/v1")) {
      String hash = service.v3Hash(gv);
      assertEquals(128, hash.length());
      assertEquals("/openapi/v3/" + gv + "?hash=" + hash, index.at("/paths/" + gv.replace("/", "~1")
          + "/serverRelativeURL").asText());
      assertEquals(DocumentBuilder.sha512(service.v3(gv).orElseThrow()), hash);
    }
    assertTrue(service.v3("apis/nothing/v1").isEmpty());
  }

  @Test
  void v3AppsDocumentDeclaresFieldValidationOnEveryWrite() throws IOException {
    JsonNode doc = JSON.readTree(service.v3("apis/apps/v1").orElseThrow());
    assertEquals("3.0.0", doc.path("openapi").asText());
    int patches = 0;
    for (JsonNode pathItem : doc.path("paths")) {
      for (String method : List.of("patch", "put", "post")) {
        if (pathItem.has(method)) {
          assertTrue(queryParameters(pathItem.get(method)).contains("fieldValidation"), method);
          patches += method.equals("patch") ? 1 : 0;
        }
      }
    }
    assertTrue(patches >= 10, "patch operations: " + patches);
    JsonNode patch = doc.at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1deployments~1{name}/patch");
    assertEquals("{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}",
        patch.path("x-kubernetes-group-version-kind").toString());
    assertEquals("#/components/schemas/" + META + "Patch",
        patch.at("/requestBody/content/application~1strategic-merge-patch+json/schema/$ref").asText());
  }

  @Test
  void v3DeploymentSchemaIsWhatKubectlExplainResolves() throws IOException {
    JsonNode doc = JSON.readTree(service.v3("apis/apps/v1").orElseThrow());
    JsonNode schemas = doc.at("/components/schemas");
    JsonNode deployment = schemas.path("io.k8s.api.apps.v1.Deployment");
    assertGvk(deployment, "apps", "v1", "Deployment");
    assertEquals("#/components/schemas/" + META + "ObjectMeta", deployment.at("/properties/metadata/$ref").asText());
    JsonNode container = schemas.path(CORE + "Container").path("properties");
    assertTrue(container.has("image") && container.has("ports") && container.has("name"));
    assertEquals(2, schemas.at("/io.k8s.apimachinery.pkg.util.intstr.IntOrString/oneOf").size());
    assertFalse(schemas.has(CORE + "Pod"), "apps/v1 carries only the schemas it reaches");
    assertEveryRefResolves(doc);
  }

  @Test
  void everyV3DocumentIsSelfContained() throws IOException {
    JsonNode index = JSON.readTree(service.v3Index());
    for (var names = index.path("paths").fieldNames(); names.hasNext(); ) {
      assertEveryRefResolves(JSON.readTree(service.v3(names.next()).orElseThrow()));
    }
  }

  @Test
  void generationIsReportedAndCached() {
    long start = System.nanoTime();
    new OpenApiService(ResourceRegistry.builtin()).v3("api/v1");
    long v3Millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("openapi generation: v2 %d ms (first, incl. descriptor loading), v3 %d ms, v2 %d KiB%n",
        firstV2Millis, v3Millis, service.v2().length / 1024);
    assertTrue(service.v2() == service.v2(), "cached");
  }

  static List<String> queryParameters(JsonNode operation) {
    List<String> names = new ArrayList<>();
    operation.path("parameters").forEach(p -> {
      if (p.path("in").asText().equals("query")) {
        names.add(p.path("name").asText());
      }
    });
    return names;
  }

  static void assertGvk(JsonNode schema, String group, String version, String kind) {
    JsonNode gvks = schema.path("x-kubernetes-group-version-kind");
    assertEquals(1, gvks.size(), gvks.toString());
    assertEquals(Map.of("group", group, "version", version, "kind", kind),
        JSON.convertValue(gvks.get(0), Map.class));
  }

  static void assertEveryRefResolves(JsonNode doc) {
    JsonNode schemas = doc.at("/components/schemas");
    for (String ref : doc.findValuesAsText("$ref")) {
      if (!ref.isEmpty()) {
        assertTrue(ref.startsWith("#/components/schemas/"), ref);
        assertNotNull(schemas.get(ref.substring("#/components/schemas/".length())), "unresolved " + ref);
      }
    }
  }
}
