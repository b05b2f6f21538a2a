package dev.vkube.apiserver.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vkube.apiserver.registry.DefaultStrategy;
import dev.vkube.apiserver.registry.NameRule;
import dev.vkube.apiserver.registry.ResourceDefinition;
import dev.vkube.apiserver.registry.ResourceRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomResourceSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CRONTAB = "com.example.stable.v1.CronTab";
  private static final String SCHEMA = """
      {"type": "object",
       "properties": {
         "spec": {"type": "object",
           "properties": {
             "cronSpec": {"type": "string", "nullable": true},
             "replicas": {"type": "integer", "minimum": 1},
             "ports": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
                       "items": {"type": "object", "properties": {"name": {"type": "string"}}}},
             "selector": {"type": "object", "additionalProperties": {"type": "string"}},
             "config": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
             "not": {"anyOf": [{"type": "string"}], "type": "string"},
             "closed": {"type": "object"},
             "template": {"type": "object", "x-kubernetes-embedded-resource": true,
                          "x-kubernetes-preserve-unknown-fields": true}}},
         "status": {"type": "object", "properties": {"ready": {"type": "boolean"}}}}}
      """;

  private ResourceRegistry registry;
  private OpenApiService service;

  @BeforeEach
  void registerCronTab() throws IOException {
    registry = ResourceRegistry.builtin();
    registry.register(new ResourceDefinition("stable.example.com", "v1", "crontabs", "CronTab", "crontab",
        List.of("ct"), List.of(), true, Set.of("status"), "stable.example.com/crontabs",
        new DefaultStrategy(NameRule.DNS_SUBDOMAIN, true, Map.of(), ResourceDefinition.ALL_VERBS)));
    service = new OpenApiService(registry);
    service.registerSchema("stable.example.com", "v1", "CronTab", JSON.readTree(SCHEMA));
  }

  @Test
  void schemaAppearsInSwaggerWithoutV3OnlyKeywords() throws IOException {
    JsonNode definitions = JSON.readTree(service.v2()).path("definitions");
    JsonNode crontab = definitions.path(CRONTAB);
    OpenApiServiceTest.assertGvk(crontab, "stable.example.com", "v1", "CronTab");
    assertEquals("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
        crontab.at("/properties/metadata/$ref").asText());
    assertFalse(crontab.at("/properties/spec/properties/cronSpec").has("nullable"));
    assertTrue(crontab.at("/properties/spec/properties").has("not"), "a property named like a keyword stays");
    assertFalse(crontab.at("/properties/spec/properties/not").has("anyOf"));
    assertEquals("#/definitions/" + CRONTAB,
        definitions.at("/" + CRONTAB + "List/properties/items/items/$ref").asText());
    JsonNode patch = JSON.readTree(service.v2())
        .at("/paths/~1apis~1stable.example.com~1v1~1namespaces~1{namespace}~1crontabs~1{name}/patch");
    assertFalse(patch.path("consumes").toString().contains("strategic"), "custom resources take no strategic patch");
  }

  @Test
  void schemaAppearsInItsV3DocumentWithFieldValidation() throws IOException {
    JsonNode doc = JSON.readTree(service.v3("apis/stable.example.com/v1").orElseThrow());
    JsonNode crontab = doc.at("/components/schemas/" + CRONTAB.replace("/", "~1"));
    OpenApiServiceTest.assertGvk(crontab, "stable.example.com", "v1", "CronTab");
    assertTrue(crontab.at("/properties/spec/properties/cronSpec/nullable").asBoolean());
    JsonNode patch = doc.at("/paths/~1apis~1stable.example.com~1v1~1namespaces~1{namespace}~1crontabs~1{name}/patch");
    assertTrue(OpenApiServiceTest.queryParameters(patch).contains("fieldValidation"));
    assertTrue(doc.at("/paths").has("/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}/status"));
    OpenApiServiceTest.assertEveryRefResolves(doc);
    assertTrue(JSON.readTree(service.v3Index()).at("/paths").has("apis/stable.example.com/v1"));
  }

  @Test
  void unknownFieldsFollowStructuralPruning() throws IOException {
    JsonNode object = JSON.readTree("""
        {"apiVersion": "stable.example.com/v1", "kind": "CronTab",
         "metadata": {"name": "c", "labels": {"a": "b"}, "bogus": 1},
         "spec": {"cronSpec": "* * * * */5", "replicas": 1, "replicax": 2,
                  "ports": [{"name": "http", "port": 80}], "selector": {"any": "key"},
                  "config": {"free": {"form": true}}, "closed": {"x": 1},
                  "template": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "nope": 1},
                               "spec": {"anything": 1}}},
         "status": {"ready": true}}
        """);
    assertEquals(List.of(
        "unknown field \"metadata.bogus\"",
        "unknown field \"spec.replicax\"",
        "unknown field \"spec.ports[0].port\"",
        "unknown field \"spec.closed.x\"",
        "unknown field \"spec.template.metadata.nope\""),
        service.unknownFields("stable.example.com", "v1", "CronTab", object));
  }

  @Test
  void unregisteringFallsBackToAnySchema() throws IOException {
    service.unregisterSchema("stable.example.com", "v1", "CronTab");
    JsonNode crontab = JSON.readTree(service.v3("apis/stable.example.com/v1").orElseThrow())
        .at("/components/schemas/" + CRONTAB);
    assertTrue(crontab.path("x-kubernetes-preserve-unknown-fields").asBoolean());
    assertEquals(List.of(), service.unknownFields("stable.example.com", "v1", "CronTab",
        JSON.readTree("{\"spec\": {\"x\": 1}}")));
  }

  @Test
  void invalidateSeesRegistryChanges() throws IOException {
    registry.unregister(registry.lookup("stable.example.com", "v1", "crontabs").orElseThrow());
    service.unregisterSchema("stable.example.com", "v1", "CronTab");
    assertTrue(service.v3("apis/stable.example.com/v1").isEmpty());
    assertFalse(JSON.readTree(service.v2()).path("definitions").has(CRONTAB));
  }
}
