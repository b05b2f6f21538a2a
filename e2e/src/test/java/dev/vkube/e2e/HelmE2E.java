package dev.vkube.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import dev.vkube.e2e.Kubectl.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helm 3 (helm-java: the Go Helm library in-process) installs, upgrades and uninstalls a chart with a
 * Deployment, a Service, a ConfigMap, a CRD in crds/ and an object of that CRD. Helm keeps its releases in
 * Secrets that client-go sends as protobuf, so this also drives the server's protobuf decoding.
 */
class HelmE2E {
  @TempDir
  static Path work;
  static RunningServer server;
  static Kubectl kubectl;

  static final String NS = "shop";

  @BeforeAll
  static void start() throws Exception {
    server = SharedServer.get();
    List<Path> binaries = Kubectl.binaries();
    kubectl = new Kubectl(binaries.get(binaries.size() - 1), server.kubeconfig());
  }

  static Path chart(Path dir) throws Exception {
    Files.createDirectories(dir.resolve("templates"));
    Files.createDirectories(dir.resolve("crds"));
    Files.writeString(dir.resolve("Chart.yaml"), """
        apiVersion: v2
        name: shop
        description: The vkube e2e chart
        type: application
        version: 0.1.0
        appVersion: "1.0.0"
        """);
    Files.writeString(dir.resolve("values.yaml"), """
        greeting: hello
        replicas: 1
        """);
    Files.writeString(dir.resolve("crds/backups.yaml"), """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: backups.shop.example.com
        spec:
          group: shop.example.com
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
                    properties:
                      schedule:
                        type: string
                      keep:
                        type: integer
                        default: 7
        """);
    Files.writeString(dir.resolve("templates/configmap.yaml"), """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-config
        data:
          greeting: {{ .Values.greeting | quote }}
        """);
    Files.writeString(dir.resolve("templates/deployment.yaml"), """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Release.Name }}-web
          labels:
            app.kubernetes.io/name: web
            app.kubernetes.io/instance: {{ .Release.Name }}
        spec:
          replicas: {{ .Values.replicas }}
          selector:
            matchLabels:
              app.kubernetes.io/name: web
              app.kubernetes.io/instance: {{ .Release.Name }}
          template:
            metadata:
              labels:
                app.kubernetes.io/name: web
                app.kubernetes.io/instance: {{ .Release.Name }}
            spec:
              containers:
              - name: web
                image: nginx:1.25
                ports:
                - containerPort: 80
                envFrom:
                - configMapRef:
                    name: {{ .Release.Name }}-config
        """);
    Files.writeString(dir.resolve("templates/service.yaml"), """
        apiVersion: v1
        kind: Service
        metadata:
          name: {{ .Release.Name }}-web
        spec:
          selector:
            app.kubernetes.io/name: web
            app.kubernetes.io/instance: {{ .Release.Name }}
          ports:
          - name: http
            port: 80
            targetPort: 80
        """);
    Files.writeString(dir.resolve("templates/backup.yaml"), """
        apiVersion: shop.example.com/v1
        kind: Backup
        metadata:
          name: {{ .Release.Name }}-nightly
        spec:
          schedule: "0 2 * * *"
        """);
    return dir;
  }

  private static Result ok(Result r) {
    assertEquals(0, r.exitCode(), () -> "stdout: " + r.stdout() + "\nstderr: " + r.stderr());
    return r;
  }

  /** The chart's objects of these kinds (a cluster may add its own, such as kube-root-ca.crt). */
  private static List<String> names(String kinds) throws Exception {
    return ok(kubectl.run("-n", NS, "get", kinds, "-o", "name")).stdout().lines()
        .filter(n -> n.contains("/shop-") || n.contains("/sh.helm.release.")).sorted().toList();
  }

  private static List<String> releases() {
    return Helm.list().withNamespace(NS).withKubeConfig(server.kubeconfig()).call().stream()
        .map(r -> r.getName() + " " + r.getStatus() + " " + r.getRevision() + " " + r.getChart() + " "
            + r.getAppVersion())
        .toList();
  }

  @Test
  void installUpgradeAndUninstallAChart() throws Exception {
    Path chart = chart(work.resolve("shop"));

    Release installed = new Helm(chart).install().withName("shop").withNamespace(NS).createNamespace()
        .withKubeConfig(server.kubeconfig()).call();
    assertEquals("deployed", installed.getStatus(), installed.getOutput());
    assertEquals("1", installed.getRevision());

    assertEquals(List.of("configmap/shop-config", "deployment.apps/shop-web", "service/shop-web"),
        names("deployments,services,configmaps"));
    assertEquals("customresourcedefinition.apiextensions.k8s.io/backups.shop.example.com",
        ok(kubectl.run("get", "crd", "backups.shop.example.com", "-o", "name")).out());
    assertEquals("0 2 * * * 7", ok(kubectl.run("-n", NS, "get", "backups.shop.example.com", "shop-nightly", "-o",
        "jsonpath={.spec.schedule} {.spec.keep}")).out(), "the chart's custom resource, defaulted by its CRD");
    assertEquals("hello", ok(kubectl.run("-n", NS, "get", "configmap", "shop-config", "-o",
        "jsonpath={.data.greeting}")).out());
    assertEquals("shop", ok(kubectl.run("-n", NS, "get", "deployment", "shop-web", "-o",
        "jsonpath={.metadata.annotations.meta\\.helm\\.sh/release-name}")).out());
    assertEquals(List.of("secret/sh.helm.release.v1.shop.v1"), names("secrets"));
    assertEquals(List.of("shop deployed 1 shop-0.1.0 1.0.0"), releases());

    Release upgraded = new Helm(chart).upgrade().withName("shop").withNamespace(NS).set("greeting", "bonjour")
        .withKubeConfig(server.kubeconfig()).call();
    assertEquals("deployed", upgraded.getStatus(), upgraded.getOutput());
    assertEquals("2", upgraded.getRevision());
    assertEquals("bonjour", ok(kubectl.run("-n", NS, "get", "configmap", "shop-config", "-o",
        "jsonpath={.data.greeting}")).out());
    assertEquals(List.of("shop deployed 2 shop-0.1.0 1.0.0"), releases());
    assertEquals(List.of("secret/sh.helm.release.v1.shop.v1", "secret/sh.helm.release.v1.shop.v2"), names("secrets"));
    assertEquals("superseded", ok(kubectl.run("-n", NS, "get", "secret", "sh.helm.release.v1.shop.v1", "-o",
        "jsonpath={.metadata.labels.status}")).out());

    String out = Helm.uninstall("shop").withNamespace(NS).withKubeConfig(server.kubeconfig()).call();
    assertEquals("release \"shop\" uninstalled", out.trim());
    Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertEquals(List.of(), names("deployments,services,configmaps,secrets,backups.shop.example.com")));
    assertTrue(releases().isEmpty());
    assertEquals("customresourcedefinition.apiextensions.k8s.io/backups.shop.example.com",
        ok(kubectl.run("get", "crd", "backups.shop.example.com", "-o", "name")).out(),
        "Helm never deletes the CRDs of crds/");
  }
}
