package dev.vkube.apiserver.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.registry.ResourceRegistry;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UnknownFieldsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEPLOYMENT = """
      {"apiVersion": "apps/v1", "kind": "Deployment",
       "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web", "any/key": "x"},
                    "annotations": {"a": "b"}, "finalizers": ["f"], "resourceVersion": "12",
                    "creationTimestamp": "2026-01-01T00:00:00Z",
                    "managedFields": [{"manager": "kubectl", "fieldsV1": {"f:spec": {"f:replicas": {}}}}]},
       "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
         "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}},
         "template": {"metadata": {"labels": {"app": "web"}},
           "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27",
               "ports": [{"containerPort": 80, "protocol": "TCP"}],
               "env": [{"name": "A", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}],
               "resources": {"limits": {"cpu": "500m", "memory": 128974848}},
               "volumeMounts": [{"name": "cfg", "mountPath": "/etc/cfg"}]}],
             "volumes": [{"name": "cfg", "configMap": {"name": "cfg"}}]}}},
       "status": {"replicas": 2, "conditions": [{"type": "Available", "status": "True"}]}}
      """;

  private static OpenApiService service;

  @BeforeAll
  static void generate() {
    service = new OpenApiService(ResourceRegistry.builtin());
  }

  @Test
  void validDeploymentHasNoUnknownFields() throws IOException {
    assertEquals(List.of(), unknown("apps", "Deployment", JSON.readTree(DEPLOYMENT)));
  }

  @Test
  void misspelledSpecFieldIsNamed() throws IOException {
    JsonNode deployment = JSON.readTree(DEPLOYMENT);
    ((ObjectNode) deployment.get("spec")).put("replicasx", 3);
    assertEquals(List.of("unknown field \"spec.replicasx\""), unknown("apps", "Deployment", deployment));
  }

  @Test
  void listItemsAreNamedByIndex() throws IOException {
    JsonNode pod = JSON.readTree("""
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "foo": 1},
         "spec": {"containers": [{"name": "a", "image": "x"}, {"name": "b", "imagex": "y",
                  "ports": [{"containerPort": 80, "hostPortx": 1}]}], "bogus": {"deep": true}},
         "extra": 1}
        """);
    assertEquals(List.of(
        "unknown field \"metadata.foo\"",
        "unknown field \"spec.containers[1].imagex\"",
        "unknown field \"spec.containers[1].ports[0].hostPortx\"",
        "unknown field \"spec.bogus\"",
        "unknown field \"extra\""), unknown("", "Pod", pod));
  }

  @Test
  void podTemplatesHaveNoTypeMeta() throws IOException {
    JsonNode job = JSON.readTree("""
        {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"},
         "spec": {"template": {"kind": "PodTemplateSpec", "spec": {"containers": [{"name": "c"}]}}}}
        """);
    assertEquals(List.of("unknown field \"spec.template.kind\""), unknown("batch", "Job", job));
  }

  @Test
  void mapsAndFreeFormFieldsTakeAnyKey() throws IOException {
    JsonNode configMap = JSON.readTree("""
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"anything": "goes"},
         "binaryData": {"b": "AAEC"}}
        """);
    assertEquals(List.of(), unknown("", "ConfigMap", configMap));
    JsonNode revision = JSON.readTree("""
        {"apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": {"name": "r"}, "revision": 1,
         "data": {"spec": {"whatever": {"nested": [1, 2]}}}}
        """);
    assertEquals(List.of(), unknown("apps", "ControllerRevision", revision));
  }

  @Test
  void kindsWithoutSchemaReportNothing() throws IOException {
    assertEquals(List.of(), service.unknownFields("nothing.example.com", "v1", "Thing", JSON.readTree("{\"x\": 1}")));
  }

  private static List<String> unknown(String group, String kind, JsonNode object) {
    return service.unknownFields(group, "v1", kind, object);
  }
}
