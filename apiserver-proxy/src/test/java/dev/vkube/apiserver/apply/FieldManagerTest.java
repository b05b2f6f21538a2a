package dev.vkube.apiserver.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.StatusCause;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldManagerTest {
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2010-10-10T00:00:00Z");
  private static final Instant T1 = Instant.parse("2010-10-10T00:01:00.5Z");

  private final FieldManager fields = new FieldManager();

  private static ObjectNode yaml(String text) {
    try {
      return (ObjectNode) YAML.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode entry(JsonNode object, String manager, String operation) {
    for (JsonNode entry : object.path("metadata").path("managedFields")) {
      if (entry.path("manager").asText().equals(manager) && entry.path("operation").asText().equals(operation)) {
        return entry;
      }
    }
    return null;
  }

  private static JsonNode owned(JsonNode object, String manager, String operation) {
    JsonNode entry = entry(object, manager, operation);
    return entry == null ? null : entry.get("fieldsV1");
  }

  private static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: default
        labels: {app: web}
      spec:
        replicas: 1
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: nginx
              image: nginx:1.25
              ports:
              - containerPort: 80
      """;

  @Test
  void createRecordsTheCreatorLikeKubectlCreate() {
    ObjectNode created = fields.update(null, yaml(DEPLOYMENT), "kubectl-create", null, T0);

    JsonNode entry = entry(created, "kubectl-create", "Update");
    assertEquals(json("""
        {"manager":"kubectl-create","operation":"Update","apiVersion":"apps/v1","time":"2010-10-10T00:00:00Z",
         "fieldsType":"FieldsV1","fieldsV1":{
          "f:metadata":{"f:labels":{".":{},"f:app":{}}},
          "f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},
            "f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{},
              "f:ports":{".":{},"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:containerPort":{}}}}}}}}}}
        """), entry);
  }

  @Test
  void updatesFromTwoManagersSplitOwnership() {
    ObjectNode created = fields.update(null, yaml("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm, namespace: default, labels: {team: a}}
        data: {a: "1"}
        """), "kubectl-create", null, T0);
    ObjectNode edited = created.deepCopy();
    ((ObjectNode) edited.get("data")).put("a", "2").put("b", "3");

    ObjectNode updated = fields.update(created, edited, "kubectl-edit", null, T1);

    // The creator keeps "data" itself (it added the map), as upstream renders it: f:data {}.
    assertEquals(json("{\"f:data\":{},\"f:metadata\":{\"f:labels\":{\".\":{},\"f:team\":{}}}}"),
        owned(updated, "kubectl-create", "Update"));
    assertEquals(json("{\"f:data\":{\"f:a\":{},\"f:b\":{}}}"), owned(updated, "kubectl-edit", "Update"));
    assertEquals("2010-10-10T00:01:00Z", entry(updated, "kubectl-edit", "Update").get("time").asText());
    assertEquals("kubectl-create", updated.at("/metadata/managedFields/0/manager").asText());
  }

  @Test
  void managedFieldsShapeMatchesTheServerSideApplyDocsExample() {
    ObjectNode applied = yaml("""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: test-cm
          namespace: default
          labels:
            test-label: test
        data:
          key: some value
        """);

    ObjectNode created = fields.apply(null, applied, "kubectl", false, null, T0);

    assertEquals("[{\"manager\":\"kubectl\",\"operation\":\"Apply\",\"apiVersion\":\"v1\","
        + "\"time\":\"2010-10-10T00:00:00Z\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":"
        + "{\"f:data\":{\"f:key\":{}},\"f:metadata\":{\"f:labels\":{\"f:test-label\":{}}}}}]",
        created.at("/metadata/managedFields").toString());
    assertEquals("some value", created.at("/data/key").asText());
  }

  @Test
  void reapplyWithoutAFieldRemovesIt() {
    ObjectNode first = fields.apply(null, yaml("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm, labels: {a: x, b: y}}
        data: {k1: v1, k2: v2}
        """), "tool", false, null, T0);

    ObjectNode second = fields.apply(first, yaml("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm, labels: {a: x}}
        data: {k1: v1}
        """), "tool", false, null, T1);

    assertEquals(json("{\"k1\":\"v1\"}"), second.get("data"));
    assertEquals(json("{\"a\":\"x\"}"), second.at("/metadata/labels"));
    assertEquals(json("{\"f:data\":{\"f:k1\":{}},\"f:metadata\":{\"f:labels\":{\"f:a\":{}}}}"),
        owned(second, "tool", "Apply"));
  }

  @Test
  void removedFieldStaysWhenAnotherManagerOwnsIt() {
    ObjectNode first = fields.apply(null, yaml("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm}
        data: {k1: v1, k2: v2}
        """), "a", false, null, T0);
    ObjectNode shared = fields.apply(first, yaml("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm}
        data: {k2: v2}
        """), "b", false, null, T0);

    ObjectNode result = fields.apply(shared, yaml("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm}
        data: {k1: v1}
        """), "a", false, null, T1);

    assertEquals(json("{\"k1\":\"v1\",\"k2\":\"v2\"}"), result.get("data"));
    assertEquals(json("{\"f:data\":{\"f:k1\":{}}}"), owned(result, "a", "Apply"));
    assertEquals(json("{\"f:data\":{\"f:k2\":{}}}"), owned(result, "b", "Apply"));
  }

  @Test
  void applyConflictingWithAnUpdaterNamesFieldAndManager() {
    ObjectNode live = fields.update(null, yaml(DEPLOYMENT), "kubectl-client-side-apply", null, T0);

    ApiException e = assertThrows(ApiException.class, () -> fields.apply(live, yaml("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec: {replicas: 3}
        """), "hpa-sync", false, null, T1));

    assertEquals(409, e.code());
    assertEquals("Conflict", e.reason());
    assertEquals("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: "
        + ".spec.replicas", e.getMessage());
    assertEquals(List.of(new StatusCause("FieldManagerConflict",
        "conflict with \"kubectl-client-side-apply\" using apps/v1", ".spec.replicas")), e.causes());
  }

  @Test
  void severalConflictsAreListedPerManager() {
    ObjectNode live = fields.update(null, yaml(DEPLOYMENT), "kubectl-client-side-apply", null, T0);

    ApiException e = assertThrows(ApiException.class, () -> fields.apply(live, yaml("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 3
          template:
            spec:
              containers:
              - name: nginx
                image: nginx:1.26
        """), "ci", false, null, T1));

    assertEquals("Apply failed with 2 conflicts: conflicts with \"kubectl-client-side-apply\" using apps/v1:\n"
        + "- .spec.replicas\n- .spec.template.spec.containers[name=\"nginx\"].image", e.getMessage());
    assertEquals(".spec.template.spec.containers[name=\"nginx\"].image", e.causes().get(1).field());
  }

  @Test
  void forceTakesOwnershipFromTheOtherManager() {
    ObjectNode live = fields.update(null, yaml(DEPLOYMENT), "kubectl-client-side-apply", null, T0);

    ObjectNode forced = fields.apply(live, yaml("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec: {replicas: 3}
        """), "hpa-sync", true, null, T1);

    assertEquals(3, forced.at("/spec/replicas").asInt());
    assertEquals(json("{\"f:spec\":{\"f:replicas\":{}}}"), owned(forced, "hpa-sync", "Apply"));
    assertTrue(owned(forced, "kubectl-client-side-apply", "Update").at("/f:spec/f:replicas").isMissingNode());
    assertFalse(owned(forced, "kubectl-client-side-apply", "Update").at("/f:spec/f:template").isMissingNode());
  }

  @Test
  void applyingAnEqualValueSharesOwnership() {
    String replicas3 = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec: {replicas: 3}
        """;
    ObjectNode live = fields.apply(null, yaml(replicas3), "alice", false, null, T0);
    ObjectNode shared = fields.apply(live, yaml(replicas3), "bob", false, null, T1);

    assertEquals(owned(shared, "alice", "Apply"), owned(shared, "bob", "Apply"));
    ApiException e = assertThrows(ApiException.class, () -> fields.apply(shared,
        yaml(replicas3.replace("replicas: 3", "replicas: 5")), "bob", false, null, T1));
    assertEquals("Apply failed with 1 conflict: conflict with \"alice\": .spec.replicas", e.getMessage());
    assertEquals("conflict with \"alice\"", e.causes().get(0).message());
  }

  @Test
  void containersMergeByNameWithOwnershipPerField() {
    ObjectNode live = fields.apply(null, yaml(DEPLOYMENT), "app-team", false, null, T0);

    ObjectNode merged = fields.apply(live, yaml("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers:
              - name: sidecar
                image: envoy:1
        """), "mesh", false, null, T1);

    JsonNode containers = merged.at("/spec/template/spec/containers");
    assertEquals(2, containers.size());
    assertEquals("nginx:1.25", containers.get(0).get("image").asText());
    assertEquals("envoy:1", containers.get(1).get("image").asText());
    assertEquals(json("{\"f:spec\":{\"f:template\":{\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"sidecar\\\"}\":"
        + "{\".\":{},\"f:image\":{},\"f:name\":{}}}}}}}"), owned(merged, "mesh", "Apply"));
    ApiException e = assertThrows(ApiException.class, () -> fields.apply(merged, yaml("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers:
              - name: nginx
                image: nginx:9
        """), "mesh", false, null, T1));
    assertEquals(".spec.template.spec.containers[name=\"nginx\"].image", e.causes().get(0).field());
  }

  @Test
  void finalizersFromTwoAppliersFormAUnion() {
    String base = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm, finalizers: [%s]}
        """;
    ObjectNode live = fields.apply(null, yaml(base.formatted("example.com/a")), "a", false, null, T0);

    ObjectNode both = fields.apply(live, yaml(base.formatted("example.com/b")), "b", false, null, T1);

    assertEquals(json("[\"example.com/a\",\"example.com/b\"]"), both.at("/metadata/finalizers"));
    assertEquals(json("{\"f:metadata\":{\"f:finalizers\":{\"v:\\\"example.com/b\\\"\":{}}}}"), owned(both, "b", "Apply"));
  }

  @Test
  void atomicListIsReplacedWhole() {
    String pod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: main
            image: busybox
            args: [%s]
        """;
    ObjectNode live = fields.apply(null, yaml(pod.formatted("sleep, '10'")), "a", false, null, T0);
    assertThrows(ApiException.class, () -> fields.apply(live, yaml(pod.formatted("echo")), "b", false, null, T1));

    ObjectNode replaced = fields.apply(live, yaml(pod.formatted("echo")), "b", true, null, T1);

    assertEquals(json("[\"echo\"]"), replaced.at("/spec/containers/0/args"));
    JsonNode aOwns = owned(replaced, "a", "Apply").at("/f:spec/f:containers/k:{\"name\":\"main\"}");
    assertTrue(aOwns.path("f:args").isMissingNode());
    assertTrue(owned(replaced, "b", "Apply").at("/f:spec/f:containers/k:{\"name\":\"main\"}/f:args").isObject());
  }

  @Test
  void clientSideAppliedObjectMigratesToKubectlServerSideApply() {
    String annotation = "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"1\",\"b\":\"2\"},\"kind\":\"ConfigMap\","
        + "\"metadata\":{\"annotations\":{},\"name\":\"cm\",\"namespace\":\"default\"}}\n";
    ObjectNode desired = yaml("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm, namespace: default}
        data: {a: "1", b: "2"}
        """);
    ((ObjectNode) desired.get("metadata")).putObject("annotations").put(LastApplied.ANNOTATION, annotation);
    ObjectNode csa = fields.update(null, desired, "kubectl-client-side-apply", null, T0);

    ObjectNode onlyA = yaml("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm, namespace: default}
        data: {a: "1"}
        """);

    // kubectl >= 1.26 (apply.go): server-side apply, keep the annotation under its own manager, fold the
    // client-side manager into "kubectl" with a JSON patch of managedFields (csaupgrade), apply again.
    ObjectNode first = fields.apply(csa, onlyA, "kubectl", false, null, T1);
    assertEquals("2", first.at("/data/b").asText());
    ObjectNode keepAnnotation = yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: cm, namespace: default}}");
    ((ObjectNode) keepAnnotation.get("metadata")).putObject("annotations").put(LastApplied.ANNOTATION,
        first.at("/metadata/annotations").get(LastApplied.ANNOTATION).asText());
    ObjectNode saved = fields.apply(first, keepAnnotation, "kubectl-last-applied", false, null, T1);
    ObjectNode upgraded = fields.update(saved, ClientSideApplyUpgrade.upgrade(saved, "kubectl"), "kubectl", null, T1);
    assertNull(entry(upgraded, "kubectl-client-side-apply", "Update"));

    ObjectNode applied = fields.apply(upgraded, onlyA, "kubectl", false, null, T1);

    assertEquals(json("{\"a\":\"1\"}"), applied.get("data"));
    assertEquals(json("{\"f:data\":{\"f:a\":{}}}"), owned(applied, "kubectl", "Apply"));
    assertEquals("{\"apiVersion\":\"v1\",\"data\":{\"a\":\"1\"},\"kind\":\"ConfigMap\","
        + "\"metadata\":{\"name\":\"cm\",\"namespace\":\"default\"}}\n",
        applied.at("/metadata/annotations").get(LastApplied.ANNOTATION).asText());
  }

  @Test
  void kubectlTakesOverFieldsItClientSideAppliedWithoutConflict() {
    ObjectNode desired = yaml(DEPLOYMENT);
    ((ObjectNode) desired.get("metadata")).putObject("annotations").put(LastApplied.ANNOTATION,
        LastApplied.encode(yaml(DEPLOYMENT)));
    ObjectNode csa = fields.update(null, desired, "kubectl-client-side-apply", null, T0);
    ObjectNode changed = yaml(DEPLOYMENT.replace("replicas: 1", "replicas: 4"));

    ObjectNode applied = fields.apply(csa, changed, "kubectl", false, null, T1);
    assertEquals(4, applied.at("/spec/replicas").asInt());
    assertFalse(owned(applied, "kubectl", "Apply").at("/f:spec/f:replicas").isMissingNode());

    assertThrows(ApiException.class, () -> fields.apply(csa, changed, "someone-else", false, null, T1));
  }

  @Test
  void firstApplyToAnUntrackedObjectRecordsBeforeFirstApply() {
    ObjectNode untracked = yaml("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm, uid: u1}
        data: {old: x}
        """);
    assertNull(fields.update(untracked, untracked.deepCopy(), "edit", null, T0).at("/metadata/managedFields")
        .textValue());

    ObjectNode applied = fields.apply(untracked, yaml("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm}
        data: {new: y}
        """), "tool", false, null, T1);

    assertEquals(json("{\"f:data\":{\".\":{},\"f:old\":{}}}"), owned(applied, "before-first-apply", "Update"));
    assertEquals(json("{\"f:data\":{\"f:new\":{}}}"), owned(applied, "tool", "Apply"));
  }

  @Test
  void applyBodyWithManagedFieldsIsABadRequest() {
    ObjectNode body = yaml("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm, managedFields: []}
        """);

    ApiException e = assertThrows(ApiException.class, () -> fields.apply(null, body, "x", false, null, T0));
    assertEquals(400, e.code());
    assertEquals("metadata.managedFields must be nil", e.getMessage());
  }

  @Test
  void updateWithEmptyManagedFieldsResetsThem() {
    ObjectNode live = fields.update(null, yaml(DEPLOYMENT), "kubectl-create", null, T0);
    ObjectNode reset = live.deepCopy();
    ((ObjectNode) reset.get("metadata")).putArray("managedFields");

    ObjectNode updated = fields.update(live, reset, "kubectl-edit", null, T1);

    assertTrue(updated.at("/metadata/managedFields").isMissingNode());
  }

  @Test
  void statusWritesAreTrackedUnderTheSubresourceOnly() {
    ObjectNode live = fields.update(null, yaml(DEPLOYMENT), "kubectl-create", null, T0);
    ObjectNode withStatus = live.deepCopy();
    withStatus.putObject("status").put("replicas", 1);

    ObjectNode updated = fields.update(live, withStatus, "kube-controller-manager", "status", T1);

    JsonNode entry = entry(updated, "kube-controller-manager", "Update");
    assertEquals("status", entry.get("subresource").asText());
    // status is a zero struct in the Go object upstream compares, so it is not "added" itself.
    assertEquals(json("{\"f:status\":{\"f:replicas\":{}}}"), entry.get("fieldsV1"));
  }

  @Test
  void updateEntriesAreCappedIntoAncientChanges() {
    ObjectNode object = fields.update(null, yaml("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm}
        data: {k0: v}
        """), "m0", null, T0);
    for (int i = 1; i <= 11; i++) {
      ObjectNode next = object.deepCopy();
      ((ObjectNode) next.get("data")).put("k" + i, "v");
      object = fields.update(object, next, "m" + i, null, T0.plusSeconds(i));
    }

    JsonNode entries = object.at("/metadata/managedFields");
    assertEquals(10, entries.size());
    assertEquals(json("{\"f:data\":{\".\":{},\"f:k0\":{},\"f:k1\":{},\"f:k2\":{}}}"),
        owned(object, "ancient-changes", "Update"));
  }
}
