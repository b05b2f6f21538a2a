package dev.vkube.apiserver.admission;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.storage.Json;
import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.apiserver.testing.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The admission chain as kubectl users meet it: real server, real etcd, the oldest and newest kubectl. */
class AdmissionIT {
  private static final Path SDK = Path.of("/usr/lib/google-cloud-sdk/bin");

  @RegisterExtension
  static EtcdExtension etcd = new EtcdExtension();
  @TempDir
  static Path dataDir;
  static TestCluster cluster;

  record Result(int code, String out, String err) {}

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(etcd, dataDir);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static List<Path> kubectls() {
    List<Path> found = new ArrayList<>();
    for (String v : List.of("1.27", "1.33")) {
      if (Files.isExecutable(SDK.resolve("kubectl." + v))) {
        found.add(SDK.resolve("kubectl." + v));
      }
    }
    if (found.isEmpty()) {
      found.add(Path.of("kubectl"));
    }
    return found;
  }

  static Result kubectl(Path binary, String stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("KUBECONFIG", cluster.kubeconfig().toString());
    builder.environment().put("HOME", dataDir.toString());
    Process p = builder.start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl " + String.join(" ", args));
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim(),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim());
  }

  static Result kubectl(String... args) throws Exception {
    List<Path> all = kubectls();
    return kubectl(all.get(all.size() - 1), null, args);
  }

  static Result apply(String yaml, String namespace) throws Exception {
    List<Path> all = kubectls();
    return kubectl(all.get(all.size() - 1), yaml, "create", "--validate=false", "-n", namespace, "-f", "-");
  }

  static JsonNode pod(String namespace, String name) throws Exception {
    Result r = kubectl("get", "pod", name, "-n", namespace, "-o", "json");
    assertEquals(0, r.code(), r.err());
    return Json.MAPPER.readTree(r.out());
  }

  static Result ok(Result r) {
    assertEquals(0, r.code(), r.err());
    return r;
  }

  @Test
  void podGetsTheDefaultServiceAccountAndItsTokenVolume() throws Exception {
    String ns = cluster.namespace();
    ok(kubectl("run", "web", "--image=nginx", "-n", ns));
    JsonNode spec = pod(ns, "web").path("spec");
    assertEquals("default", spec.path("serviceAccountName").asText());
    JsonNode volume = spec.path("volumes").get(0);
    assertTrue(volume.path("name").asText().matches("kube-api-access-[a-z0-9]{5}"), volume.toString());
    assertEquals(3607, volume.path("projected").path("sources").get(0).path("serviceAccountToken")
        .path("expirationSeconds").asInt());
    assertEquals("kube-root-ca.crt", volume.path("projected").path("sources").get(1).path("configMap").path("name")
        .asText());
    JsonNode mount = spec.path("containers").get(0).path("volumeMounts").get(0);
    assertEquals("/var/run/secrets/kubernetes.io/serviceaccount", mount.path("mountPath").asText());
    assertTrue(mount.path("readOnly").asBoolean());
    assertEquals(2, spec.path("tolerations").size(), "DefaultTolerationSeconds adds not-ready and unreachable");
  }

  @Test
  void limitRangeDefaultsAppearOnThePod() throws Exception {
    String ns = cluster.namespace();
    ok(apply("""
        apiVersion: v1
        kind: LimitRange
        metadata: {name: defaults}
        spec:
          limits:
          - type: Container
            default: {cpu: 500m, memory: 256Mi}
            defaultRequest: {cpu: 100m, memory: 128Mi}
        """, ns));
    ok(kubectl("run", "app", "--image=nginx", "-n", ns));
    JsonNode pod = pod(ns, "app");
    assertEquals(Json.MAPPER.readTree("{\"limits\":{\"cpu\":\"500m\",\"memory\":\"256Mi\"},"
        + "\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"}}"),
        pod.path("spec").path("containers").get(0).path("resources"));
    assertEquals("LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app",
        pod.path("metadata").path("annotations").path("kubernetes.io/limit-ranger").asText());
    assertEquals("Burstable", pod.path("status").path("qosClass").asText());
  }

  @Test
  void podsQuotaRefusesTheThirdPodAndStatusShowsUsage() throws Exception {
    String ns = cluster.namespace();
    ok(kubectl("create", "quota", "two-pods", "--hard=pods=2", "-n", ns));
    ok(kubectl("run", "p1", "--image=nginx", "-n", ns));
    ok(kubectl("run", "p2", "--image=nginx", "-n", ns));
    for (Path binary : kubectls()) {
      Result third = kubectl(binary, null, "run", "p3", "--image=nginx", "-n", ns);
      assertEquals(1, third.code());
      assertEquals("Error from server (Forbidden): pods \"p3\" is forbidden: exceeded quota: two-pods, requested: "
          + "pods=1, used: pods=2, limited: pods=2", third.err(), binary.toString());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> kubectl("get", "quota", "two-pods", "-n", ns, "-o",
        "jsonpath={.status.used.pods}/{.status.hard.pods}").out().equals("2/2"));
    ok(kubectl("delete", "pod", "p1", "-n", ns));
    await().atMost(Duration.ofSeconds(10)).until(() -> kubectl("run", "p3", "--image=nginx", "-n", ns).code() == 0);
  }

  @Test
  void gpuQuotaRefusesTheSecondGpuPod() throws Exception {
    String ns = cluster.namespace();
    ok(kubectl("create", "quota", "gpus", "--hard=requests.nvidia.com/gpu=1", "-n", ns));
    String pod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: NAME}
        spec:
          containers:
          - name: cuda
            image: nvidia/cuda:12.4.0-base-ubuntu22.04
            resources:
              limits: {nvidia.com/gpu: 1}
        """;
    ok(apply(pod.replace("NAME", "train-1"), ns));
    Result second = apply(pod.replace("NAME", "train-2"), ns);
    assertEquals(1, second.code());
    assertEquals("Error from server (Forbidden): error when creating \"STDIN\": pods \"train-2\" is forbidden: exceeded "
        + "quota: gpus, requested: requests.nvidia.com/gpu=1, used: requests.nvidia.com/gpu=1, limited: "
        + "requests.nvidia.com/gpu=1", second.err());
  }

  @Test
  void restrictedNamespaceRefusesAPrivilegedPod() throws Exception {
    String ns = cluster.namespace();
    ok(kubectl("label", "ns", ns, "pod-security.kubernetes.io/enforce=restricted"));
    String yaml = """
        apiVersion: v1
        kind: Pod
        metadata: {name: root}
        spec:
          containers:
          - name: c
            image: busybox
            securityContext: {privileged: true}
        """;
    for (Path binary : kubectls()) {
      // --validate=false: kubectl 1.27's client-side validation cannot read vkube's /openapi/v2 yet
      Result refused = kubectl(binary, yaml, "create", "--validate=false", "-n", ns, "-f", "-");
      assertEquals(1, refused.code());
      assertEquals("Error from server (Forbidden): error when creating \"STDIN\": pods \"root\" is forbidden: violates "
          + "PodSecurity \"restricted:latest\": privileged (container \"c\" must not set securityContext.privileged=true), "
          + "allowPrivilegeEscalation != false (container \"c\" must set securityContext.allowPrivilegeEscalation=false), "
          + "unrestricted capabilities (container \"c\" must set securityContext.capabilities.drop=[\"ALL\"]), "
          + "runAsNonRoot != true (pod or container \"c\" must set securityContext.runAsNonRoot=true), seccompProfile "
          + "(pod or container \"c\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")",
          refused.err(), binary.toString());
    }
  }

  @Test
  void baselineWarnPrintsAWarningAndCreates() throws Exception {
    String ns = cluster.namespace();
    ok(kubectl("label", "ns", ns, "pod-security.kubernetes.io/warn=baseline"));
    for (Path binary : kubectls()) {
      String name = "host-" + binary.getFileName().toString().replace("kubectl.", "").replace(".", "-");
      Result created = kubectl(binary, null, "run", name, "--image=nginx", "-n", ns,
          "--overrides={\"spec\":{\"hostNetwork\":true}}");
      assertEquals(0, created.code(), created.err());
      assertEquals("Warning: would violate PodSecurity \"baseline:latest\": host namespaces (hostNetwork=true)",
          created.err(), binary.toString());
      assertEquals("pod/" + name + " created", created.out());
    }
  }

  @Test
  void immortalNamespacesCannotBeDeleted() throws Exception {
    Result r = kubectl("delete", "namespace", "kube-public");
    assertEquals(1, r.code());
    assertEquals("Error from server (Forbidden): namespaces \"kube-public\" is forbidden: this namespace may not be "
        + "deleted", r.err());
  }
}
