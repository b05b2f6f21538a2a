package dev.vkube.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.e2e.Kubectl.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kubectl 1.27 with its default validation ({@code --validate=strict}): before it writes it reads
 * {@code /openapi/v2} as gnostic protobuf (client-go's OpenAPISchema()), for its client-side schema and to
 * see whether the server takes {@code fieldValidation}. None of these commands passes {@code --validate}.
 * Expected lines are what kubectl 1.27 prints against kube-apiserver.
 */
class OpenApiProtobufE2E {
  private static final Path KUBECTL_127 = Path.of("/usr/lib/google-cloud-sdk/bin/kubectl.1.27");
  private static final String GROUP = "pbv2.example.com";
  static Kubectl k;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(KUBECTL_127), "kubectl 1.27 is not installed");
    k = new Kubectl(KUBECTL_127, SharedServer.get().kubeconfig());
  }

  static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: openapi-pb
      spec:
        replicas: 1
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
            - name: nginx
              image: nginx:1.25
      """;

  static final String CRD = """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: backups.GROUP
      spec:
        group: GROUP
        scope: Namespaced
        names:
          plural: backups
          singular: backup
          kind: Backup
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
                  required: [schedule]
                  properties:
                    schedule:
                      type: string
                    retain:
                      type: integer
                      minimum: 1
                      default: 3
                    mode:
                      type: string
                      enum: ["on", "off"]
                    labels:
                      type: object
                      additionalProperties:
                        type: string
                    targets:
                      type: array
                      items:
                        type: string
                      x-kubernetes-list-type: set
                    extra:
                      type: object
                      x-kubernetes-preserve-unknown-fields: true
      """.replace("GROUP", GROUP);

  static final String BACKUP = """
      apiVersion: GROUP/v1
      kind: Backup
      metadata:
        name: nightly
        namespace: openapi-pb
      spec:
        schedule: "0 3 * * *"
        mode: "on"
        labels: {tier: db}
        targets: [alpha, beta]
        extra: {anything: [1, 2]}
      """.replace("GROUP", GROUP);

  private static Result ok(Result r) {
    assertEquals(0, r.exitCode(), () -> "stdout: " + r.stdout() + "\nstderr: " + r.stderr());
    return r;
  }

  private static void namespace() throws Exception {
    Result r = k.run("create", "namespace", "openapi-pb");
    assertTrue(r.exitCode() == 0 || r.stderr().contains("AlreadyExists"), r.stderr());
  }

  @Test
  void builtinKindWritesWithDefaultValidation() throws Exception {
    namespace();
    assertEquals("deployment.apps/web created", ok(k.runWithInput(DEPLOYMENT, "create", "-f", "-")).out());
    String v2 = DEPLOYMENT.replace("replicas: 1", "replicas: 2");
    assertEquals("deployment.apps/web configured", ok(k.runWithInput(v2, "apply", "-f", "-")).out());
    assertEquals("deployment.apps/web unchanged", ok(k.runWithInput(v2, "apply", "-f", "-")).out());
    assertEquals("deployment.apps/web serverside-applied",
        ok(k.runWithInput(v2, "apply", "--server-side", "--force-conflicts", "-f", "-")).out());
    // get -o yaml then replace, as a user does; retried: the Deployment controller may write status in
    // between, and then the replace is rightly a 409 Conflict.
    Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      String live = ok(k.run("-n", "openapi-pb", "get", "deployment/web", "-o", "yaml")).stdout();
      assertEquals("deployment.apps/web replaced", ok(k.runWithInput(live, "replace", "-f", "-")).out());
    });
    assertEquals("2", ok(k.run("-n", "openapi-pb", "get", "deployment/web", "-o", "jsonpath={.spec.replicas}")).out());
  }

  @Test
  void unknownFieldOfBuiltinKindIsTheServersStrictError() throws Exception {
    namespace();
    String unknown = DEPLOYMENT.replace("name: web\n", "name: strict\n").replace("  replicas: 1\n",
        "  replicas: 1\n  foo: bar\n");
    Result created = k.runWithInput(unknown, "create", "-f", "-");
    assertEquals(1, created.exitCode(), created.stdout());
    assertEquals("Error from server (BadRequest): error when creating \"STDIN\": Deployment in version \"v1\" cannot "
        + "be handled as a Deployment: strict decoding error: unknown field \"spec.foo\"", created.stderr().trim());
    Result applied = k.runWithInput(unknown.replace("image: nginx:1.25", "image: nginx:1.25\n        imagex: y"),
        "apply", "-f", "-");
    assertEquals(1, applied.exitCode(), applied.stdout());
    assertTrue(applied.stderr().contains("strict decoding error: unknown field \"spec.foo\", unknown field "
        + "\"spec.template.spec.containers[0].imagex\""), applied.stderr());
  }

  @Test
  void explainReadsTheProtobufDocument() throws Exception {
    Result explained = ok(k.run("explain", "pods.spec.containers"));
    assertTrue(explained.stdout().startsWith("KIND:       Pod\nVERSION:    v1\n\nFIELD: containers <[]Container>"),
        explained.stdout());
    assertTrue(explained.stdout().contains("  image\t<string>"), explained.stdout());
    // no "-required-" and no descriptions: vkube's built-in schemas come from protobuf descriptors
    assertTrue(explained.stdout().contains("  name\t<string>"), explained.stdout());
  }

  @Test
  void customResourceWritesWithDefaultValidation() throws Exception {
    namespace();
    assertEquals("customresourcedefinition.apiextensions.k8s.io/backups." + GROUP + " created",
        ok(k.runWithInput(CRD, "create", "-f", "-")).out());
    ok(k.run("wait", "--for=condition=Established", "crd/backups." + GROUP, "--timeout=30s"));
    Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
        ok(k.run("api-resources", "--api-group=" + GROUP, "-o", "name")).stdout().lines()
            .anyMatch(l -> l.equals("backups." + GROUP)));

    assertEquals("backup." + GROUP + "/nightly created", ok(k.runWithInput(BACKUP, "create", "-f", "-")).out());
    String changed = BACKUP.replace("0 3 * * *", "0 4 * * *");
    assertEquals("backup." + GROUP + "/nightly configured", ok(k.runWithInput(changed, "apply", "-f", "-")).out());
    assertEquals("backup." + GROUP + "/nightly serverside-applied",
        ok(k.runWithInput(changed, "apply", "--server-side", "--force-conflicts", "-f", "-")).out());
    String live = ok(k.run("-n", "openapi-pb", "get", "backups." + GROUP + "/nightly", "-o", "yaml")).stdout();
    assertEquals("backup." + GROUP + "/nightly replaced", ok(k.runWithInput(live, "replace", "-f", "-")).out());
    assertEquals("{\"extra\":{\"anything\":[1,2]},\"labels\":{\"tier\":\"db\"},\"mode\":\"on\",\"retain\":3,"
        + "\"schedule\":\"0 4 * * *\",\"targets\":[\"alpha\",\"beta\"]}",
        ok(k.run("-n", "openapi-pb", "get", "backups." + GROUP + "/nightly", "-o", "jsonpath={.spec}")).out());

    String unknown = BACKUP.replace("name: nightly", "name: other").replace("  mode: \"on\"\n",
        "  mode: \"on\"\n  colour: red\n");
    Result created = k.runWithInput(unknown, "create", "-f", "-");
    assertEquals(1, created.exitCode(), created.stdout());
    assertEquals("Error from server (BadRequest): error when creating \"STDIN\": Backup in version \"v1\" cannot be "
        + "handled as a Backup: strict decoding error: unknown field \"spec.colour\"", created.stderr().trim());

    Result explained = ok(k.run("explain", "backups.spec", "--api-version=" + GROUP + "/v1"));
    assertTrue(explained.stdout().contains("  schedule\t<string> -required-"), explained.stdout());
    assertTrue(explained.stdout().contains("  labels\t<map[string]string>"), explained.stdout());
  }
}
