package dev.vkube.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.e2e.Kubectl.Result;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Custom resources end to end with real kubectl 1.27 and 1.33: a CRD with a structural schema (required,
 * pattern, minimum/maximum, default, enum), status and scale subresources, printer columns, short names and
 * categories. Each kubectl version gets its own API group (and short name) so that the two never share a CRD.
 */
class CustomResourceE2E {
  static RunningServer server;
  static final Set<String> established = new HashSet<>();

  @BeforeAll
  static void start() throws Exception {
    server = SharedServer.get();
  }

  static Stream<Kubectl> kubectls() {
    return Kubectl.binaries().stream().map(b -> new Kubectl(b, server.kubeconfig()));
  }

  static String digits(Kubectl k) {
    return k.version().replace(".", "");
  }

  /** v127.stable.example.com for kubectl 1.27. */
  static String group(Kubectl k) {
    return "v" + digits(k) + ".stable.example.com";
  }

  /** ct127 for kubectl 1.27. */
  static String shortName(Kubectl k) {
    return "ct" + digits(k);
  }

  static String crd(Kubectl k) {
    return """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: crontabs.GROUP
        spec:
          group: GROUP
          scope: Namespaced
          names:
            plural: crontabs
            singular: crontab
            kind: CronTab
            listKind: CronTabList
            shortNames: [SHORT]
            categories: [all, cronstuff]
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
              scale:
                specReplicasPath: .spec.replicas
                statusReplicasPath: .status.replicas
                labelSelectorPath: .status.selector
            additionalPrinterColumns:
            - name: Spec
              type: string
              jsonPath: .spec.cronSpec
            - name: Replicas
              type: integer
              jsonPath: .spec.replicas
            - name: Mode
              type: string
              jsonPath: .spec.mode
            - name: Age
              type: date
              jsonPath: .metadata.creationTimestamp
            - name: Image
              type: string
              priority: 1
              jsonPath: .spec.image
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    description: The desired schedule of a CronTab.
                    required: [cronSpec, image]
                    properties:
                      cronSpec:
                        type: string
                        description: The cron schedule, five fields.
                        pattern: '^(\\S+\\s){4}\\S+$'
                      image:
                        type: string
                        description: The container image to run.
                      replicas:
                        type: integer
                        minimum: 1
                        maximum: 10
                        default: 1
                      mode:
                        type: string
                        enum: [Allow, Forbid, Replace]
                        default: Allow
                  status:
                    type: object
                    properties:
                      replicas:
                        type: integer
                      selector:
                        type: string
        """.replace("GROUP", group(k)).replace("SHORT", shortName(k));
  }

  static final String NIGHTLY = """
      apiVersion: GROUP/v1
      kind: CronTab
      metadata:
        name: nightly
      spec:
        cronSpec: "0 3 * * *"
        image: busybox:1.36
      """;

  /** Applies this version's CRD once and waits for it the way a user would. */
  static void ensureCrd(Kubectl k) throws Exception {
    if (established.contains(k.version())) {
      return;
    }
    assertEquals("customresourcedefinition.apiextensions.k8s.io/crontabs." + group(k) + " created",
        ok(k.runWithInput(crd(k), "apply", "-f", "-")).out());
    assertEquals("customresourcedefinition.apiextensions.k8s.io/crontabs." + group(k) + " condition met",
        ok(k.run("wait", "--for=condition=Established", "crd/crontabs." + group(k), "--timeout=30s")).out());
    awaitDiscovery(k, group(k), "crontabs");
    established.add(k.version());
  }

  /**
   * Waits until discovery lists the resource. kube-apiserver's discovery controller adds a CRD only once it
   * is Established, so even there discovery trails the condition by a moment (vkube: a few hundred ms).
   */
  static void awaitDiscovery(Kubectl k, String group, String plural) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
        ok(k.run("api-resources", "--api-group=" + group, "-o", "name")).stdout().lines()
            .anyMatch(l -> l.equals(plural + "." + group)));
  }

  private static String ns(Kubectl k, String base) throws Exception {
    String name = base + "-" + digits(k);
    Result created = k.run("create", "namespace", name);
    assertEquals(0, created.exitCode(), created.stderr());
    return name;
  }

  private static Result ok(Result r) {
    assertEquals(0, r.exitCode(), () -> "stdout: " + r.stdout() + "\nstderr: " + r.stderr());
    return r;
  }

  private static String object(Kubectl k, String manifest) {
    return manifest.replace("GROUP", group(k));
  }

  private static String createNightly(Kubectl k, String ns) throws Exception {
    String name = "crontab." + group(k) + "/nightly";
    assertEquals(name + " created", ok(k.runWithInput(object(k, NIGHTLY), "-n", ns, "apply", "-f", "-")).out());
    return name;
  }

  private static String get(Kubectl k, String ns, String what, String jsonpath) throws Exception {
    return ok(k.run("-n", ns, "get", what, "-o", "jsonpath=" + jsonpath)).out();
  }

  private static List<String> cells(String line) {
    return Arrays.asList(line.trim().split("\\s{2,}|\\t"));
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void crdIsEstablishedAndDiscoverable(Kubectl k) throws Exception {
    ensureCrd(k);
    Result resources = ok(k.run("api-resources", "--api-group=" + group(k)));
    assertTrue(resources.stdout().lines().anyMatch(l -> cells(l).equals(List.of("crontabs", shortName(k),
        group(k) + "/v1", "true", "CronTab"))), resources.stdout());
    assertEquals("True True", ok(k.run("get", "crd", "crontabs." + group(k), "-o",
        "jsonpath={.status.conditions[?(@.type==\"NamesAccepted\")].status} "
            + "{.status.conditions[?(@.type==\"Established\")].status}")).out());
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void printerColumnsDefaultsShortNamesAndCategories(Kubectl k) throws Exception {
    ensureCrd(k);
    String ns = ns(k, "columns");
    String name = createNightly(k, ns);

    List<String> table = ok(k.run("-n", ns, "get", shortName(k))).stdout().lines().toList();
    assertEquals(List.of("NAME", "SPEC", "REPLICAS", "MODE", "AGE"), cells(table.get(0)), table.toString());
    assertEquals(List.of("nightly", "0 3 * * *", "1", "Allow"), cells(table.get(1)).subList(0, 4), table.toString());
    assertTrue(cells(table.get(1)).get(4).matches("\\d+s"), table.toString());

    List<String> wide = ok(k.run("-n", ns, "get", "crontabs." + group(k), "-o", "wide")).stdout().lines().toList();
    assertEquals(List.of("NAME", "SPEC", "REPLICAS", "MODE", "AGE", "IMAGE"), cells(wide.get(0)), wide.toString());
    assertEquals("busybox:1.36", cells(wide.get(1)).get(5), wide.toString());

    assertEquals("1 Allow", get(k, ns, shortName(k) + "/nightly", "{.spec.replicas} {.spec.mode}"),
        "the schema's defaults are applied");
    assertEquals(name, ok(k.run("-n", ns, "get", "cronstuff", "-o", "name")).out());
    assertTrue(ok(k.run("-n", ns, "get", "all", "-o", "name")).stdout().lines().anyMatch(name::equals));
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void invalidObjectIsRejectedWithTheFieldNamed(Kubectl k) throws Exception {
    ensureCrd(k);
    String ns = ns(k, "invalid");
    Result one = k.runWithInput(object(k, NIGHTLY).replace("name: nightly", "name: x")
        .replace("image: busybox:1.36", "image: busybox:1.36\n  replicas: 0"), "-n", ns, "create", "-f", "-");
    assertEquals(1, one.exitCode());
    assertEquals("The CronTab \"x\" is invalid: spec.replicas: Invalid value: 0: spec.replicas in body should be "
        + "greater than or equal to 1", one.stderr().trim());

    String bad = """
        apiVersion: GROUP/v1
        kind: CronTab
        metadata:
          name: bad
        spec:
          cronSpec: every minute
          replicas: 11
          mode: Sometimes
        """;
    Result many = k.runWithInput(object(k, bad), "-n", ns, "create", "-f", "-");
    assertEquals(1, many.exitCode());
    List<String> lines = many.stderr().lines().toList();
    assertEquals("The CronTab \"bad\" is invalid: ", lines.get(0));
    assertEquals(Set.of(
        "* spec.image: Required value",
        "* spec.cronSpec: Invalid value: \"every minute\": spec.cronSpec in body should match '^(\\S+\\s){4}\\S+$'",
        "* spec.mode: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\"",
        "* spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10"),
        Set.copyOf(lines.subList(1, lines.size())), many.stderr());
    assertEquals("No resources found in " + ns + " namespace.",
        ok(k.run("-n", ns, "get", shortName(k))).stderr().trim());
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void unknownFieldsArePrunedOrRejected(Kubectl k) throws Exception {
    ensureCrd(k);
    String ns = ns(k, "prune");
    String extra = object(k, NIGHTLY).replace("image: busybox:1.36", "image: busybox:1.36\n  colour: red");

    Result strict = k.runWithInput(extra, "-n", ns, "create", "-f", "-");
    assertEquals(1, strict.exitCode());
    assertEquals("Error from server (BadRequest): error when creating \"STDIN\": CronTab in version \"v1\" cannot be "
        + "handled as a CronTab: strict decoding error: unknown field \"spec.colour\"", strict.stderr().trim());

    Result lax = ok(k.runWithInput(extra, "-n", ns, "apply", "--validate=false", "-f", "-"));
    assertEquals("crontab." + group(k) + "/nightly created", lax.out());
    assertEquals("", lax.stderr().trim());
    assertEquals("{\"cronSpec\":\"0 3 * * *\",\"image\":\"busybox:1.36\",\"mode\":\"Allow\",\"replicas\":1}",
        get(k, ns, shortName(k) + "/nightly", "{.spec}"), "the unknown field is pruned, the defaults are set");

    Result warn = ok(k.runWithInput(extra.replace("name: nightly", "name: warned"), "-n", ns, "create",
        "--validate=warn", "-f", "-"));
    assertEquals("crontab." + group(k) + "/warned created", warn.out());
    assertEquals("Warning: unknown field \"spec.colour\"", warn.stderr().trim());
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void scaleAndStatusSubresources(Kubectl k) throws Exception {
    ensureCrd(k);
    String ns = ns(k, "crscale");
    String name = createNightly(k, ns);
    assertEquals(name + " scaled", ok(k.run("-n", ns, "scale", shortName(k), "nightly", "--replicas=4")).out());
    assertEquals("4", get(k, ns, shortName(k) + "/nightly", "{.spec.replicas}"));

    Result tooMany = k.run("-n", ns, "scale", shortName(k), "nightly", "--replicas=40");
    assertEquals(1, tooMany.exitCode());
    assertEquals("The CronTab \"nightly\" is invalid: spec.replicas: Invalid value: 40: spec.replicas in body "
        + "should be less than or equal to 10", tooMany.stderr().trim());

    // The status subresource takes status only; the main resource ignores status.
    assertEquals(name + " patched", ok(k.run("-n", ns, "patch", shortName(k), "nightly", "--subresource=status",
        "--type=merge", "-p", "{\"status\":{\"replicas\":2,\"selector\":\"app=nightly\"},\"spec\":{\"image\":\"x\"}}"))
        .out());
    assertEquals("2 app=nightly busybox:1.36",
        get(k, ns, shortName(k) + "/nightly", "{.status.replicas} {.status.selector} {.spec.image}"));
    ok(k.run("-n", ns, "patch", shortName(k), "nightly", "--type=merge", "-p", "{\"status\":{\"replicas\":7}}"));
    assertEquals("2", get(k, ns, shortName(k) + "/nightly", "{.status.replicas}"));

    String scale = ok(k.run("get", "--raw", "/apis/" + group(k) + "/v1/namespaces/" + ns + "/crontabs/nightly/scale"))
        .out();
    assertTrue(scale.contains("\"kind\":\"Scale\"") && scale.contains("\"apiVersion\":\"autoscaling/v1\""), scale);
    assertTrue(scale.contains("\"spec\":{\"replicas\":4}"), scale);
    assertTrue(scale.contains("\"status\":{\"replicas\":2,\"selector\":\"app=nightly\"}"), scale);
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void strategicMergePatchIsRefused(Kubectl k) throws Exception {
    ensureCrd(k);
    String ns = ns(k, "smp");
    String name = createNightly(k, ns);
    Result refused = k.run("-n", ns, "patch", shortName(k), "nightly", "--type=strategic", "-p",
        "{\"spec\":{\"replicas\":2}}");
    assertEquals(1, refused.exitCode());
    assertEquals("error: application/strategic-merge-patch+json is not supported by " + group(k) + "/v1, "
        + "Kind=CronTab: the body of the request was in an unknown format - accepted media types include: "
        + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
        refused.stderr().trim());
    assertEquals(name + " patched", ok(k.run("-n", ns, "patch", shortName(k), "nightly", "--type=merge", "-p",
        "{\"spec\":{\"replicas\":2}}")).out());
    assertEquals(name + " patched", ok(k.run("-n", ns, "patch", shortName(k), "nightly", "--type=json", "-p",
        "[{\"op\":\"replace\",\"path\":\"/spec/mode\",\"value\":\"Forbid\"}]")).out());
    assertEquals("2 Forbid", get(k, ns, shortName(k) + "/nightly", "{.spec.replicas} {.spec.mode}"));
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void explainShowsTheSchema(Kubectl k) throws Exception {
    ensureCrd(k);
    String spec = ok(k.run("explain", shortName(k) + ".spec")).stdout();
    KubectlApplyE2E.assertLine(spec, "KIND: +CronTab");
    KubectlApplyE2E.assertLine(spec, "(FIELD|RESOURCE): +spec <Object>");
    KubectlApplyE2E.assertLine(spec, " +The desired schedule of a CronTab\\.");
    KubectlApplyE2E.assertLine(spec, " +cronSpec\\t<string> -required-");
    KubectlApplyE2E.assertLine(spec, " +The cron schedule, five fields\\.");
    KubectlApplyE2E.assertLine(spec, " +image\\t<string> -required-");
    KubectlApplyE2E.assertLine(spec, " +replicas\\t<integer>");
    KubectlApplyE2E.assertLine(spec, " +mode\\t<string>");
    if (!k.version().equals("1.27")) {
      // kubectl 1.27 explains from /openapi/v2, whose protobuf form carries no enum line in its output.
      KubectlApplyE2E.assertLine(spec, " +enum: Allow, Forbid, Replace");
    }
  }

  static String widgets(Kubectl k) {
    return """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.GROUP
        spec:
          group: GROUP
          scope: Namespaced
          names:
            plural: widgets
            singular: widget
            kind: Widget
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      size:
                        type: integer
        """.replace("GROUP", "v" + digits(k) + ".gone.example.com");
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void deletingTheCrdRemovesItsObjects(Kubectl k) throws Exception {
    String group = "v" + digits(k) + ".gone.example.com";
    String crdName = "widgets." + group;
    String ns = ns(k, "gone");
    ok(k.runWithInput(widgets(k), "apply", "-f", "-"));
    ok(k.run("wait", "--for=condition=Established", "crd/" + crdName, "--timeout=30s"));
    awaitDiscovery(k, group, "widgets");
    for (String w : List.of("w1", "w2")) {
      assertEquals("widget." + group + "/" + w + " created", ok(k.runWithInput("apiVersion: " + group + "/v1\n"
          + "kind: Widget\nmetadata:\n  name: " + w + "\nspec:\n  size: 3\n", "-n", ns, "create", "-f", "-")).out());
    }
    assertEquals("w1 w2", get(k, ns, "widgets." + group, "{.items[*].metadata.name}"));

    assertEquals("customresourcedefinition.apiextensions.k8s.io \"" + crdName + "\" deleted",
        ok(k.run("delete", "crd", crdName, "--timeout=60s")).out());
    Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
        ok(k.run("api-resources")).stdout().lines().noneMatch(l -> l.contains(group)));
    Result gone = k.run("get", "crd", crdName);
    assertEquals("Error from server (NotFound): customresourcedefinitions.apiextensions.k8s.io \"" + crdName
        + "\" not found", gone.stderr().trim());

    // The same CRD created again starts empty: the objects were deleted, not hidden.
    ok(k.runWithInput(widgets(k), "apply", "-f", "-"));
    ok(k.run("wait", "--for=condition=Established", "crd/" + crdName, "--timeout=30s"));
    awaitDiscovery(k, group, "widgets");
    Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
        assertEquals("No resources found in " + ns + " namespace.",
            ok(k.run("-n", ns, "get", "widgets." + group)).stderr().trim()));
    ok(k.run("delete", "crd", crdName, "--timeout=60s"));
  }
}
