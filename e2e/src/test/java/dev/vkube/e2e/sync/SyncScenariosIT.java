package dev.vkube.e2e.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.e2e.Kubectl;
import dev.vkube.syncer.names.Markers;
import dev.vkube.syncer.names.NameTranslator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The scenarios issue 6 names, over the simulated host with the syncer embedded in the tenant server. */
class SyncScenariosIT {
  @RegisterExtension
  static EtcdExtension etcd = new EtcdExtension();
  @TempDir
  static Path dir;
  static SimHost sim;
  static final NameTranslator VC1 = new NameTranslator(SimHost.VCLUSTER);
  static final Duration WAIT = Duration.ofSeconds(30);

  @BeforeAll
  static void start() throws Exception {
    sim = SimHost.start(etcd, dir);
  }

  @AfterAll
  static void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  @Test
  void deploymentBecomesRunningHostPodsAndKubectlRolloutStatusReturns() throws Exception {
    String ns = sim.virtualNamespace();
    Kubectl kubectl = new Kubectl(Path.of("kubectl"), dir.resolve("tenant-" + SimHost.VCLUSTER)
        .resolve("admin.kubeconfig"));

    Kubectl.Result created = kubectl.run("create", "deployment", "web", "--image=nginx", "--replicas=2", "-n", ns);
    assertEquals(0, created.exitCode(), created.stderr());
    Kubectl.Result rollout = kubectl.run("rollout", "status", "deployment/web", "-n", ns, "--timeout=50s");

    assertEquals(0, rollout.exitCode(), rollout.stdout() + rollout.stderr());
    assertTrue(rollout.out().contains("successfully rolled out"), rollout.out());
    List<Pod> hostPods = sim.host().pods().inNamespace(SimHost.HOST_NAMESPACE)
        .withLabel(Markers.NAMESPACE_LABEL, ns).withLabel("app", "web").list().getItems();
    assertEquals(2, hostPods.size());
    hostPods.forEach(p -> assertEquals("Running", p.getStatus().getPhase()));
    Kubectl.Result pods = kubectl.run("get", "pods", "-n", ns, "-l", "app=web", "-o",
        "jsonpath={range .items[*]}{.status.phase} {.spec.nodeName}{\"\\n\"}{end}");
    for (String line : pods.out().split("\n")) {
      assertTrue(line.startsWith("Running sim-node-"), pods.out());
    }
  }

  @Test
  void killingTheSyncerChangingBothSidesAndRestartingConverges() throws Exception {
    SimHost.Tenant tenant = sim.first();
    KubernetesClient v = tenant.client();
    String ns = tenant.virtualNamespace();
    v.configMaps().inNamespace(ns).resource(configMap("cfg", "one")).create();
    for (String name : List.of("keep", "doomed", "lost")) {
      v.pods().inNamespace(ns).resource(pod(name).editSpec().addNewVolume().withName("cfg").withNewConfigMap()
          .withName("cfg").endConfigMap().endVolume().endSpec().build()).create();
    }
    for (String name : List.of("keep", "doomed", "lost")) {
      await().atMost(WAIT).until(() -> hostPod(VC1.hostName(ns, name)), p -> p != null && isRunning(p));
    }
    await().atMost(WAIT).until(() -> hostConfigMap(VC1.hostName(ns, "cfg")) != null);

    // The tenant process stops (its syncer with it); its API comes back without a syncer.
    tenant.stop();
    tenant.startWithoutSyncer();
    try {
      v.pods().inNamespace(ns).withName("doomed").delete();
      v.pods().inNamespace(ns).resource(pod("born").build()).create();
      v.configMaps().inNamespace(ns).withName("cfg").edit(c -> configMap("cfg", "two"));
      sim.host().pods().inNamespace(SimHost.HOST_NAMESPACE).withName(VC1.hostName(ns, "lost")).withGracePeriod(0)
          .delete();
      sim.host().configMaps().inNamespace(SimHost.HOST_NAMESPACE).withName(VC1.hostName(ns, "cfg"))
          .edit(c -> new ConfigMapBuilder(c).withData(Map.of("key", "tampered")).build());
      sim.host().configMaps().inNamespace(SimHost.HOST_NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
          .withName(VC1.hostName(ns, "orphan")).withLabels(VC1.hostLabels(ns, Map.of()))
          .withAnnotations(VC1.ownerAnnotations("ConfigMap", ns, "orphan", null)).endMetadata().build()).create();
    } finally {
      tenant.stop();
      tenant.start();
    }

    await().atMost(WAIT).until(() -> hostPod(VC1.hostName(ns, "doomed")) == null);
    await().atMost(WAIT).until(() -> v.pods().inNamespace(ns).withName("doomed").get() == null);
    await().atMost(WAIT).until(() -> hostPod(VC1.hostName(ns, "born")), p -> p != null && isRunning(p));
    await().atMost(WAIT).until(() -> hostPod(VC1.hostName(ns, "lost")), p -> p != null && isRunning(p));
    await().atMost(WAIT).until(() -> hostConfigMap(VC1.hostName(ns, "cfg")).getData().get("key"), "two"::equals);
    await().atMost(WAIT).until(() -> hostConfigMap(VC1.hostName(ns, "orphan")) == null);
    await().atMost(WAIT).until(() -> v.pods().inNamespace(ns).withName("born").get(), SyncScenariosIT::isRunning);
    assertNotNull(hostPod(VC1.hostName(ns, "keep")));
  }

  @Test
  void twoVirtualClustersWithTheSameNamespaceAndPodNamesDoNotCollide() throws Exception {
    SimHost.Tenant second = sim.tenant("vc2");
    NameTranslator vc2 = new NameTranslator("vc2");
    String ns = "shared-" + Long.toHexString(System.nanoTime()).substring(0, 6);
    sim.first().namespace(ns);
    second.namespace(ns);
    sim.virtual().pods().inNamespace(ns).resource(pod("web").editSpec().editFirstContainer().withImage("nginx:1")
        .endContainer().endSpec().build()).create();
    second.client().pods().inNamespace(ns).resource(pod("web").editSpec().editFirstContainer().withImage("nginx:2")
        .endContainer().endSpec().build()).create();

    Pod one = await().atMost(WAIT).until(() -> hostPod(VC1.hostName(ns, "web")), p -> p != null && isRunning(p));
    Pod two = await().atMost(WAIT).until(() -> hostPod(vc2.hostName(ns, "web")), p -> p != null && isRunning(p));
    assertNotEquals(one.getMetadata().getName(), two.getMetadata().getName());
    assertEquals("nginx:1", one.getSpec().getContainers().get(0).getImage());
    assertEquals("nginx:2", two.getSpec().getContainers().get(0).getImage());
    await().atMost(WAIT).until(() -> second.client().pods().inNamespace(ns).withName("web").get(),
        SyncScenariosIT::isRunning);
    assertEquals(two.getStatus().getPodIP(), second.client().pods().inNamespace(ns).withName("web").get()
        .getStatus().getPodIP());

    second.client().pods().inNamespace(ns).withName("web").delete();
    await().atMost(WAIT).until(() -> hostPod(vc2.hostName(ns, "web")) == null);
    assertNotNull(hostPod(VC1.hostName(ns, "web")), "vc1's pod of the same name stays");
    assertTrue(isRunning(sim.virtual().pods().inNamespace(ns).withName("web").get()));
  }

  @Test
  void longNamesAreTranslatedWithinTheLimitAndUniquely() throws Exception {
    String ns = sim.first().namespace("a-rather-long-namespace-name-for-a-team-" + Long.toHexString(System.nanoTime())
        .substring(0, 8));
    String base = "a-pod-name-that-is-long-enough-to-overflow-the-sixty-three-limit-";
    for (String suffix : List.of("1", "2")) {
      sim.virtual().pods().inNamespace(ns).resource(pod(base + suffix).build()).create();
    }

    String first = VC1.hostName(ns, base + "1");
    String second = VC1.hostName(ns, base + "2");
    assertTrue(first.length() <= 63 && second.length() <= 63, first + " " + second);
    assertNotEquals(first, second);
    for (String suffix : List.of("1", "2")) {
      Pod host = await().atMost(WAIT).until(() -> hostPod(VC1.hostName(ns, base + suffix)),
          p -> p != null && isRunning(p));
      assertEquals(base + suffix, host.getMetadata().getAnnotations().get(Markers.OBJECT_NAME));
      await().atMost(WAIT).until(() -> sim.virtual().pods().inNamespace(ns).withName(base + suffix).get(),
          SyncScenariosIT::isRunning);
    }
  }

  private static boolean isRunning(Pod p) {
    return p != null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase());
  }

  private static Pod hostPod(String name) {
    return sim.host().pods().inNamespace(SimHost.HOST_NAMESPACE).withName(name).get();
  }

  private static ConfigMap hostConfigMap(String name) {
    return sim.host().configMaps().inNamespace(SimHost.HOST_NAMESPACE).withName(name).get();
  }

  static PodBuilder pod(String name) {
    return new PodBuilder().withNewMetadata().withName(name).addToLabels("app", "scenario").endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("nginx:1.27").endContainer().endSpec();
  }

  static ConfigMap configMap(String name, String value) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("key", value).build();
  }
}
