package dev.vkube.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.e2e.Kubectl.Result;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The everyday kubectl verbs against the jar started per the runtime contract, with the oldest (1.27)
 * and newest (1.33) kubectl present. Error lines are compared with what kubectl prints against a real
 * cluster (kubectl's "Error from server (REASON): MESSAGE").
 */
class KubectlE2E {
  @TempDir
  static Path work;
  static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    server = RunningServer.start(work);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static Stream<Kubectl> kubectls() {
    return Kubectl.binaries().stream().map(b -> new Kubectl(b, server.kubeconfig()));
  }

  private static String ns(Kubectl k, String base) throws Exception {
    String name = base + "-" + k.version().replace(".", "");
    Result created = k.run("create", "namespace", name);
    assertEquals(0, created.exitCode(), created.stderr());
    assertEquals("namespace/" + name + " created", created.out());
    return name;
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void versionAndApiResources(Kubectl k) throws Exception {
    Result version = k.run("version", "-o", "json");
    assertEquals(0, version.exitCode(), version.stderr());
    assertTrue(version.stdout().contains("\"gitVersion\": \"v1.33.0\""), version.stdout());
    Result resources = k.run("api-resources");
    assertEquals(0, resources.exitCode(), resources.stderr());
    assertTrue(resources.stdout().matches("(?s).*\\nconfigmaps +cm +v1 +true +ConfigMap\\n.*"), resources.stdout());
    assertTrue(resources.stdout().matches("(?s).*\\ndeployments +deploy +apps/v1 +true +Deployment\\n.*"));
    assertTrue(resources.stdout().matches("(?s).*\\nnamespaces +ns +v1 +false +Namespace\\n.*"));
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void namespacesLifecycle(Kubectl k) throws Exception {
    String name = ns(k, "life");
    assertEquals("namespace/" + name, k.run("get", "ns", name, "-o", "name").out());
    String team = "gpu-" + k.version().replace(".", "");
    assertEquals("namespace/" + name + " labeled", k.run("label", "ns", name, "team=" + team).out());
    // kubectl 1.27 itself prints "annotate" (its own wording, fixed in 1.28), whatever the server.
    String annotated = k.version().equals("1.27") ? " annotate" : " annotated";
    assertEquals("namespace/" + name + annotated, k.run("annotate", "ns", name, "owner=me").out());
    assertEquals(name, k.run("get", "ns", "-l", "team=" + team, "-o", "jsonpath={.items[*].metadata.name}").out());
    assertEquals("me", k.run("get", "ns", name, "-o", "jsonpath={.metadata.annotations.owner}").out());
    assertTrue(k.run("get", "ns").stdout().matches("(?s)NAME +STATUS +AGE\\n.*default +Active +.*"));
    Result deleted = k.run("delete", "ns", name, "--timeout=60s");
    assertEquals(0, deleted.exitCode(), deleted.stderr());
    assertEquals("namespace \"" + name + "\" deleted", deleted.out());
    Result gone = k.run("get", "ns", name);
    assertEquals("Error from server (NotFound): namespaces \"" + name + "\" not found", gone.stderr().trim());
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void configMapsWithSelectorsAndChunks(Kubectl k) throws Exception {
    String ns = ns(k, "cms");
    for (int i = 0; i < 5; i++) {
      Result r = k.run("-n", ns, "create", "configmap", "cm" + i, "--from-literal=index=" + i);
      assertEquals("configmap/cm" + i + " created", r.out(), r.stderr());
      k.run("-n", ns, "label", "cm", "cm" + i, "parity=" + (i % 2 == 0 ? "even" : "odd"));
    }
    assertEquals("3", k.run("-n", ns, "get", "cm", "cm3", "-o", "jsonpath={.data.index}").out());
    assertEquals("cm0 cm2 cm4", k.run("-n", ns, "get", "cm", "-l", "parity=even", "-o",
        "jsonpath={.items[*].metadata.name}").out());
    // notin also matches unlabelled objects such as kube-root-ca.crt, so require the label too.
    assertEquals("cm1 cm3", k.run("-n", ns, "get", "cm", "-l", "parity,parity notin (even)", "-o",
        "jsonpath={.items[*].metadata.name}").out());
    assertEquals("configmap/cm4", k.run("-n", ns, "get", "cm", "--field-selector", "metadata.name=cm4", "-o", "name")
        .out());
    Result chunked = k.run("-n", ns, "get", "cm", "-l", "parity", "--chunk-size=2", "-o", "name", "-v=6");
    assertEquals(List.of("configmap/cm0", "configmap/cm1", "configmap/cm2", "configmap/cm3", "configmap/cm4"),
        chunked.stdout().lines().toList());
    assertTrue(chunked.stderr().contains("continue="), "kubectl followed continue tokens");
    assertTrue(k.run("get", "cm", "-A", "-o", "name").stdout().contains("configmap/cm4"));
    assertEquals("configmap \"cm0\" deleted", k.run("-n", ns, "delete", "cm", "cm0").out());
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void errorsPrintAsAgainstARealCluster(Kubectl k) throws Exception {
    String ns = ns(k, "errs");
    k.run("-n", ns, "create", "configmap", "dup");
    assertEquals("error: failed to create configmap: configmaps \"dup\" already exists",
        k.run("-n", ns, "create", "configmap", "dup").stderr().trim());
    assertEquals("Error from server (AlreadyExists): namespaces \"" + ns + "\" already exists",
        k.run("create", "namespace", ns).stderr().trim());
    assertEquals("Error from server (NotFound): configmaps \"nope\" not found",
        k.run("-n", ns, "get", "cm", "nope").stderr().trim());
    String stale = k.run("-n", ns, "get", "cm", "dup", "-o", "yaml").stdout();
    k.run("-n", ns, "label", "cm", "dup", "changed=yes");
    Result conflict = k.runWithInput(stale, "replace", "--validate=false", "-f", "-");
    assertEquals("Error from server (Conflict): error when replacing \"STDIN\": Operation cannot be fulfilled on "
        + "configmaps \"dup\": the object has been modified; please apply your changes to the latest version and "
        + "try again", conflict.stderr().trim());
  }

  @ParameterizedTest
  @MethodSource("kubectls")
  void getWatchReceivesEvents(Kubectl k) throws Exception {
    String ns = ns(k, "watch");
    Process watch = k.start("-n", ns, "get", "cm", "-w", "--output-watch-events", "-o",
        "custom-columns=EVENT:.type,NAME:.object.metadata.name", "--no-headers");
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(watch.getInputStream(),
          StandardCharsets.UTF_8))) {
        in.lines().forEach(lines::add);
      } catch (java.io.IOException e) {
        // the process ended
      }
    });
    reader.start();
    try {
      // The watch is established once it reports a marker object created after it started.
      k.run("-n", ns, "create", "configmap", "marker");
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream().anyMatch(l -> l.contains("marker")));
      k.run("-n", ns, "create", "configmap", "w1");
      k.run("-n", ns, "label", "cm", "w1", "x=y");
      k.run("-n", ns, "delete", "cm", "w1");
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream().anyMatch(l -> l.startsWith("DELETED")));
      List<String> seen = lines.stream().map(l -> l.replaceAll("\\s+", " ").trim()).toList();
      assertTrue(seen.containsAll(List.of("ADDED w1", "MODIFIED w1", "DELETED w1")), seen.toString());
    } finally {
      watch.destroy();
      watch.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
