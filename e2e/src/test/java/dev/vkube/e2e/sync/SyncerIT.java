package dev.vkube.e2e.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.apiserver.VirtualCluster;
import dev.vkube.apiserver.testing.ApiClient;
import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.syncer.names.Markers;
import dev.vkube.syncer.names.NameTranslator;
import dev.vkube.syncer.sync.RefusalRecorder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The syncer between a tenant server and a host server with a simulated kubelet (issue 6). */
class SyncerIT {
  @RegisterExtension
  static EtcdExtension etcd = new EtcdExtension();
  @TempDir
  static Path dir;
  static SimHost sim;
  static final NameTranslator NAMES = new NameTranslator(SimHost.VCLUSTER);
  static final Duration WAIT = Duration.ofSeconds(20);

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

  /**
   * The syncer's first start is a post-start hook of /readyz (kube-apiserver: pkg/server/healthz, a
   * hook fails readyz until it completed): a tenant whose host is away serves its API but is not ready,
   * and stays alive for liveness probes; a running tenant lists the hook as ok.
   */
  @Test
  void readyzWaitsForTheSyncersFirstStartWhileTheApiServes() throws Exception {
    ApiClient running = ApiClient.anonymous(sim.first().kubeconfig());
    ApiClient.Reply ready = running.get("/readyz?verbose");
    assertEquals(200, ready.code(), ready.body());
    assertTrue(ready.body().contains("[+]poststarthook/start-vkube-syncer ok"), ready.body());

    Path hostKubeconfig = dir.resolve("host").resolve("admin.kubeconfig");
    String deadHost = Files.readString(hostKubeconfig).replaceAll("(server: https://127\\.0\\.0\\.1:)\\d+",
        "$1" + SimHost.freePort());
    Path away = Files.writeString(dir.resolve("host-away.kubeconfig"), deadHost);
    try (VirtualCluster tenant = VirtualCluster.start(sim.tenantOptions("vc-away", away, false))) {
      ApiClient anonymous = ApiClient.anonymous(dir.resolve("tenant-vc-away").resolve("admin.kubeconfig"));
      ApiClient.Reply notReady = anonymous.get("/readyz");
      assertEquals(500, notReady.code(), notReady.body());
      assertTrue(notReady.body().contains("[-]poststarthook/start-vkube-syncer failed"), notReady.body());
      assertEquals(200, anonymous.get("/livez").code());
      assertEquals(200, ApiClient.fromKubeconfig(dir.resolve("tenant-vc-away").resolve("admin.kubeconfig"))
          .get("/api/v1/namespaces/default").code(), "the API serves while the syncer waits for its host");
    }
  }

  @Test
  void virtualPodRunsOnHostWithTranslatedNameAndReportsRunningBack() throws Exception {
    String ns = sim.virtualNamespace();
    sim.virtual().pods().inNamespace(ns).resource(pod("web").build()).create();

    String hostName = NAMES.hostName(ns, "web");
    Pod host = await().atMost(WAIT).until(() -> hostPod(hostName), p -> p != null);
    assertEquals("web-x-" + ns + "-x-vc1", hostName);
    assertEquals(SimHost.VCLUSTER, host.getMetadata().getLabels().get(Markers.MANAGED_BY_LABEL));
    assertEquals(ns, host.getMetadata().getLabels().get(Markers.NAMESPACE_LABEL));
    assertEquals("web", host.getMetadata().getLabels().get("app"));
    assertEquals("web", host.getMetadata().getAnnotations().get(Markers.OBJECT_NAME));
    assertEquals(ns, host.getMetadata().getAnnotations().get(Markers.OBJECT_NAMESPACE));

    Pod virtual = await().atMost(WAIT).until(() -> sim.virtual().pods().inNamespace(ns).withName("web").get(),
        p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()));
    Pod running = hostPod(hostName);
    // The host's scheduler chose the node (pods/binding), not the syncer.
    assertTrue(sim.nodeNames().contains(running.getSpec().getNodeName()), running.getSpec().getNodeName());
    assertEquals("Running", running.getStatus().getPhase());
    assertEquals(running.getStatus().getPodIP(), virtual.getStatus().getPodIP());
    assertNotNull(virtual.getStatus().getPodIP());
    assertTrue(virtual.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
    assertNotNull(virtual.getStatus().getContainerStatuses().get(0).getState().getRunning());
  }

  @Test
  void deletingTheVirtualPodDeletesTheHostPod() throws Exception {
    String ns = sim.virtualNamespace();
    sim.virtual().pods().inNamespace(ns).resource(pod("gone").build()).create();
    String hostName = NAMES.hostName(ns, "gone");
    await().atMost(WAIT).until(() -> hostPod(hostName), p -> p != null && p.getStatus() != null
        && "Running".equals(p.getStatus().getPhase()));

    sim.virtual().pods().inNamespace(ns).withName("gone").delete();

    await().atMost(WAIT).until(() -> hostPod(hostName) == null);
    await().atMost(WAIT).until(() -> sim.virtual().pods().inNamespace(ns).withName("gone").get() == null);
  }

  @Test
  void configMapMountedByAPodIsSyncedAndUnusedOneIsNot() throws Exception {
    String ns = sim.virtualNamespace();
    sim.virtual().configMaps().inNamespace(ns).resource(configMap("settings", "v1")).create();
    sim.virtual().configMaps().inNamespace(ns).resource(configMap("unused", "x")).create();
    sim.virtual().pods().inNamespace(ns).resource(pod("reader").editSpec()
        .addNewVolume().withName("cfg").withNewConfigMap().withName("settings").endConfigMap().endVolume()
        .editFirstContainer().addNewVolumeMount().withName("cfg").withMountPath("/etc/cfg").endVolumeMount()
        .endContainer().endSpec().build()).create();

    ConfigMap host = await().atMost(WAIT).until(() -> hostConfigMap(NAMES.hostName(ns, "settings")),
        c -> c != null);
    assertEquals(Map.of("key", "v1"), host.getData());
    Pod hostPod = await().atMost(WAIT).until(() -> hostPod(NAMES.hostName(ns, "reader")), p -> p != null);
    assertEquals(NAMES.hostName(ns, "settings"), hostPod.getSpec().getVolumes().stream()
        .filter(v -> "cfg".equals(v.getName())).findFirst().orElseThrow().getConfigMap().getName());

    sim.virtual().configMaps().inNamespace(ns).withName("settings").edit(c -> configMap("settings", "v2"));
    await().atMost(WAIT).until(() -> hostConfigMap(NAMES.hostName(ns, "settings")).getData().get("key"),
        "v2"::equals);
    assertNull(hostConfigMap(NAMES.hostName(ns, "unused")));
  }

  @Test
  void privilegedPodIsRefusedWithAnEventAndACondition() throws Exception {
    String ns = sim.virtualNamespace();
    sim.virtual().pods().inNamespace(ns).resource(pod("root").editSpec().editFirstContainer()
        .withNewSecurityContext().withPrivileged(true).endSecurityContext().endContainer().endSpec().build()).create();

    Pod refused = await().atMost(WAIT).until(() -> sim.virtual().pods().inNamespace(ns).withName("root").get(),
        p -> p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions()
            .stream().anyMatch(c -> RefusalRecorder.CONDITION.equals(c.getType())));
    var condition = refused.getStatus().getConditions().stream()
        .filter(c -> RefusalRecorder.CONDITION.equals(c.getType())).findFirst().orElseThrow();
    assertEquals("False", condition.getStatus());
    assertTrue(condition.getMessage().contains("privileged"), condition.getMessage());
    await().atMost(WAIT).until(() -> sim.virtual().v1().events().inNamespace(ns).list().getItems().stream()
        .anyMatch(e -> RefusalRecorder.REASON.equals(e.getReason()) && "root".equals(e.getInvolvedObject().getName())));
    assertNull(hostPod(NAMES.hostName(ns, "root")));
  }

  @Test
  void serviceIsSyncedWithTranslatedSelectorAndHostClusterIpFlowsBack() throws Exception {
    String ns = sim.virtualNamespace();
    sim.virtual().services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("web")
        .endMetadata().withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).endPort().endSpec()
        .build()).create();

    Service host = await().atMost(WAIT).until(() -> sim.host().services().inNamespace(SimHost.HOST_NAMESPACE)
        .withName(NAMES.hostName(ns, "web")).get(), s -> s != null);
    assertEquals(Map.of("app", "web", Markers.MANAGED_BY_LABEL, SimHost.VCLUSTER, Markers.NAMESPACE_LABEL, ns),
        host.getSpec().getSelector());
    assertNotNull(host.getSpec().getClusterIP());
    Service virtual = await().atMost(WAIT).until(() -> sim.virtual().services().inNamespace(ns).withName("web")
        .get(), s -> s.getMetadata().getAnnotations() != null
            && s.getMetadata().getAnnotations().containsKey(Markers.HOST_CLUSTER_IP));
    assertEquals(host.getSpec().getClusterIP(), virtual.getMetadata().getAnnotations().get(Markers.HOST_CLUSTER_IP));
  }

  @Test
  void hostCopyWhoseOriginalIsGoneIsDeletedAtStartup() throws Exception {
    String ns = sim.virtualNamespace();
    String hostName = NAMES.hostName(ns, "orphan");
    sim.stopSyncer();
    try {
      sim.host().configMaps().inNamespace(SimHost.HOST_NAMESPACE).resource(new ConfigMapBuilder()
          .withNewMetadata().withName(hostName).withLabels(NAMES.hostLabels(ns, Map.of()))
          .withAnnotations(NAMES.ownerAnnotations("ConfigMap", ns, "orphan", null)).endMetadata()
          .addToData("key", "stale").build()).create();
    } finally {
      sim.startSyncer();
    }
    await().atMost(WAIT).until(() -> hostConfigMap(hostName) == null);
    assertFalse(sim.host().configMaps().inNamespace(SimHost.HOST_NAMESPACE).list().getItems().stream()
        .anyMatch(c -> hostName.equals(c.getMetadata().getName())));
  }

  @Test
  void virtualPodIsBoundToItsHostNodeWhichAppearsInTheVirtualClusterWithHostData() throws Exception {
    String ns = sim.virtualNamespace();
    sim.virtual().pods().inNamespace(ns).resource(pod("placed").build()).create();

    Pod virtual = await().atMost(WAIT).until(() -> sim.virtual().pods().inNamespace(ns).withName("placed").get(),
        p -> p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty());
    String node = virtual.getSpec().getNodeName();
    assertEquals(hostPod(NAMES.hostName(ns, "placed")).getSpec().getNodeName(), node);
    Node virtualNode = sim.virtual().nodes().withName(node).get();
    assertNotNull(virtualNode, "virtual node " + node);
    Node hostNode = sim.host().nodes().withName(node).get();
    assertEquals("sim", virtualNode.getMetadata().getLabels().get("node.kubernetes.io/instance-type"));
    assertEquals(hostNode.getStatus().getAddresses(), virtualNode.getStatus().getAddresses());
    assertTrue(virtualNode.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
    // The syncer renews the node's lease, as its kubelet: the virtual node lifecycle controller keeps it alive.
    assertNotNull(sim.virtual().leases().inNamespace("kube-node-lease").withName(node).get());
  }

  @Test
  void virtualNodeIsRemovedOnceNoTenantPodRunsThere() throws Exception {
    String ns = sim.virtualNamespace();
    // A node of its own: the tenant names it, so no other test's pods share it; no kubelet serves it.
    sim.virtual().pods().inNamespace(ns).resource(pod("pinned").editSpec().withNodeName("lonely-node").endSpec()
        .build()).create();
    String hostName = NAMES.hostName(ns, "pinned");
    await().atMost(WAIT).until(() -> sim.virtual().nodes().withName("lonely-node").get() != null);
    Pod host = await().atMost(WAIT).until(() -> hostPod(hostName), p -> p != null);
    assertEquals("lonely-node", host.getSpec().getNodeName());

    sim.virtual().pods().inNamespace(ns).withName("pinned").delete();
    await().atMost(WAIT).until(() -> hostPod(hostName), p -> p == null || p.getMetadata().getDeletionTimestamp() != null);
    // What the node's kubelet would do: confirm the host pod gone.
    sim.host().pods().inNamespace(SimHost.HOST_NAMESPACE).withName(hostName).withGracePeriod(0).delete();

    await().atMost(WAIT).until(() -> sim.virtual().nodes().withName("lonely-node").get() == null);
    await().atMost(WAIT).until(() -> sim.virtual().pods().inNamespace(ns).withName("pinned").get() == null);
  }

  @Test
  void hostSchedulerEventComesUpReaddressedToTheVirtualPod() throws Exception {
    String ns = sim.virtualNamespace();
    Pod created = sim.virtual().pods().inNamespace(ns).resource(pod("noted").build()).create();

    Event event = await().atMost(WAIT).until(() -> sim.virtual().v1().events().inNamespace(ns).list().getItems()
        .stream().filter(e -> "Scheduled".equals(e.getReason())).findFirst().orElse(null), e -> e != null);

    assertEquals("Pod", event.getInvolvedObject().getKind());
    assertEquals(ns, event.getInvolvedObject().getNamespace());
    assertEquals("noted", event.getInvolvedObject().getName());
    assertEquals(created.getMetadata().getUid(), event.getInvolvedObject().getUid());
    assertTrue(event.getMetadata().getName().startsWith("noted."), event.getMetadata().getName());
    String node = hostPod(NAMES.hostName(ns, "noted")).getSpec().getNodeName();
    assertEquals("Successfully assigned " + ns + "/noted to " + node, event.getMessage());
    assertEquals("default-scheduler", event.getSource().getComponent());
  }

  @Test
  void endpointsOfASelectorlessServiceAreSyncedToItsHostCopy() throws Exception {
    String ns = sim.virtualNamespace();
    sim.virtual().services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("external")
        .endMetadata().withNewSpec().addNewPort().withPort(5432).endPort().endSpec().build()).create();
    sim.virtual().endpoints().inNamespace(ns).resource(new EndpointsBuilder().withNewMetadata().withName("external")
        .endMetadata().addNewSubset().addNewAddress().withIp("10.1.2.3").endAddress().addNewPort().withPort(5432)
        .endPort().endSubset().build()).create();

    Endpoints host = await().atMost(WAIT).until(() -> sim.host().endpoints().inNamespace(SimHost.HOST_NAMESPACE)
        .withName(NAMES.hostName(ns, "external")).get(), e -> e != null);
    assertEquals("10.1.2.3", host.getSubsets().get(0).getAddresses().get(0).getIp());
    assertEquals(5432, host.getSubsets().get(0).getPorts().get(0).getPort());
    Map<String, String> selector = sim.host().services().inNamespace(SimHost.HOST_NAMESPACE)
        .withName(NAMES.hostName(ns, "external")).get().getSpec().getSelector();
    assertTrue(selector == null || selector.isEmpty(), "a selector-less Service stays selector-less: " + selector);
  }

  @Test
  void ingressIsSyncedWithItsBackendAndTlsSecretTranslatedAndHostStatusFlowsBack() throws Exception {
    String ns = sim.virtualNamespace();
    sim.virtual().secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("tls").endMetadata()
        .withType("kubernetes.io/tls").addToStringData("tls.crt", "c").addToStringData("tls.key", "k").build()).create();
    sim.virtual().network().v1().ingresses().inNamespace(ns).resource(new IngressBuilder().withNewMetadata()
        .withName("site").endMetadata().withNewSpec().withIngressClassName("nginx")
        .addNewTl().withHosts("site.example").withSecretName("tls").endTl()
        .addNewRule().withHost("site.example").withNewHttp().addNewPath().withPath("/").withPathType("Prefix")
        .withNewBackend().withNewService().withName("web").withNewPort().withNumber(80).endPort().endService()
        .endBackend().endPath().endHttp().endRule().endSpec().build()).create();

    String hostName = NAMES.hostName(ns, "site");
    Ingress host = await().atMost(WAIT).until(() -> sim.host().network().v1().ingresses()
        .inNamespace(SimHost.HOST_NAMESPACE).withName(hostName).get(), i -> i != null);
    assertEquals(NAMES.hostName(ns, "web"), host.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend()
        .getService().getName());
    assertEquals(NAMES.hostName(ns, "tls"), host.getSpec().getTls().get(0).getSecretName());
    assertEquals("nginx", host.getSpec().getIngressClassName());
    await().atMost(WAIT).until(() -> sim.host().secrets().inNamespace(SimHost.HOST_NAMESPACE)
        .withName(NAMES.hostName(ns, "tls")).get() != null);

    // What the host's ingress controller does: publish the load balancer's address.
    host.setStatus(new IngressStatusBuilder().withNewLoadBalancer().addNewIngress().withIp("203.0.113.7").endIngress()
        .endLoadBalancer().build());
    sim.host().network().v1().ingresses().inNamespace(SimHost.HOST_NAMESPACE).resource(host).updateStatus();
    await().atMost(WAIT).until(() -> sim.virtual().network().v1().ingresses().inNamespace(ns).withName("site").get(),
        i -> i.getStatus() != null && i.getStatus().getLoadBalancer() != null
            && i.getStatus().getLoadBalancer().getIngress() != null && !i.getStatus().getLoadBalancer().getIngress()
            .isEmpty() && "203.0.113.7".equals(i.getStatus().getLoadBalancer().getIngress().get(0).getIp()));
  }

  @Test
  void networkPolicySelectsTheTenantsHostPodsOfItsNamespace() throws Exception {
    String ns = sim.virtualNamespace();
    sim.virtual().network().v1().networkPolicies().inNamespace(ns).resource(new NetworkPolicyBuilder()
        .withNewMetadata().withName("db-from-web").endMetadata().withNewSpec()
        .withNewPodSelector().addToMatchLabels("app", "db").endPodSelector()
        .addNewIngress().addNewFrom().withNewPodSelector().addToMatchLabels("app", "web").endPodSelector().endFrom()
        .addNewFrom().withNewNamespaceSelector().addToMatchLabels("team", "x").endNamespaceSelector().endFrom()
        .endIngress().withPolicyTypes("Ingress").endSpec().build()).create();

    NetworkPolicy host = await().atMost(WAIT).until(() -> sim.host().network().v1().networkPolicies()
        .inNamespace(SimHost.HOST_NAMESPACE).withName(NAMES.hostName(ns, "db-from-web")).get(), p -> p != null);
    Map<String, String> tenantPods = Map.of(Markers.MANAGED_BY_LABEL, SimHost.VCLUSTER, Markers.NAMESPACE_LABEL, ns);
    Map<String, String> db = new java.util.HashMap<>(tenantPods);
    db.put("app", "db");
    Map<String, String> web = new java.util.HashMap<>(tenantPods);
    web.put("app", "web");
    assertEquals(db, host.getSpec().getPodSelector().getMatchLabels());
    assertEquals(1, host.getSpec().getIngress().get(0).getFrom().size(),
        "the namespace-label peer cannot be expressed on host pods and is dropped (allow lists only narrow)");
    assertEquals(web, host.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels());
    assertNull(host.getSpec().getIngress().get(0).getFrom().get(0).getNamespaceSelector());
  }

  @Test
  void claimIsSyncedDownAndItsBindingComesUpWithAVolume() throws Exception {
    String ns = sim.virtualNamespace();
    sim.virtual().persistentVolumeClaims().inNamespace(ns).resource(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName("data").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
        .withStorageClassName("standard").withNewResources().addToRequests("storage", new Quantity("1Gi"))
        .endResources().endSpec().build()).create();

    String hostName = NAMES.hostName(ns, "data");
    PersistentVolumeClaim host = await().atMost(WAIT).until(() -> sim.host().persistentVolumeClaims()
        .inNamespace(SimHost.HOST_NAMESPACE).withName(hostName).get(), c -> c != null);
    assertEquals("standard", host.getSpec().getStorageClassName());

    // What the host's volume binder does: bind the claim to a volume.
    host = sim.host().persistentVolumeClaims().inNamespace(SimHost.HOST_NAMESPACE).withName(hostName).edit(c -> {
      c.getSpec().setVolumeName("pvc-host-1");
      return c;
    });
    host.setStatus(new PersistentVolumeClaimStatusBuilder().withPhase("Bound").withAccessModes("ReadWriteOnce")
        .addToCapacity("storage", new Quantity("1Gi")).build());
    sim.host().persistentVolumeClaims().inNamespace(SimHost.HOST_NAMESPACE).resource(host).updateStatus();

    PersistentVolumeClaim virtual = await().atMost(WAIT).until(() -> sim.virtual().persistentVolumeClaims()
        .inNamespace(ns).withName("data").get(), c -> c.getStatus() != null && "Bound".equals(c.getStatus().getPhase())
            && "pvc-host-1".equals(c.getSpec().getVolumeName()));
    PersistentVolume pv = sim.virtual().persistentVolumes().withName("pvc-host-1").get();
    assertNotNull(pv);
    assertEquals("data", pv.getSpec().getClaimRef().getName());
    assertEquals(ns, pv.getSpec().getClaimRef().getNamespace());
    assertEquals(virtual.getMetadata().getUid(), pv.getSpec().getClaimRef().getUid());
    assertEquals(new Quantity("1Gi"), pv.getSpec().getCapacity().get("storage"));
  }

  @Test
  void virtualVolumeIsDeletedWithItsClaimAndKeptWhileItsClaimExists() throws Exception {
    String ns = sim.virtualNamespace();
    bindClaim(ns, "keep", "pvc-host-keep");
    bindClaim(ns, "drop", "pvc-host-drop");

    sim.virtual().persistentVolumeClaims().inNamespace(ns).withName("drop").delete();

    await().atMost(WAIT).until(() -> sim.virtual().persistentVolumes().withName("pvc-host-drop").get() == null);
    PersistentVolume kept = sim.virtual().persistentVolumes().withName("pvc-host-keep").get();
    assertNotNull(kept, "the volume of a claim that still exists stays");
    assertEquals("keep", kept.getSpec().getClaimRef().getName());
  }

  /** A claim synced down, bound on the host as its volume binder would, its volume up in the virtual cluster. */
  private static void bindClaim(String ns, String claim, String volume) {
    sim.virtual().persistentVolumeClaims().inNamespace(ns).resource(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(claim).endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
        .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build())
        .create();
    String hostName = NAMES.hostName(ns, claim);
    var hostClaims = sim.host().persistentVolumeClaims().inNamespace(SimHost.HOST_NAMESPACE);
    await().atMost(WAIT).until(() -> hostClaims.withName(hostName).get(), c -> c != null);
    PersistentVolumeClaim host = hostClaims.withName(hostName).edit(c -> {
      c.getSpec().setVolumeName(volume);
      return c;
    });
    host.setStatus(new PersistentVolumeClaimStatusBuilder().withPhase("Bound").withAccessModes("ReadWriteOnce")
        .addToCapacity("storage", new Quantity("1Gi")).build());
    hostClaims.resource(host).updateStatus();
    await().atMost(WAIT).until(() -> sim.virtual().persistentVolumes().withName(volume).get(), p -> p != null);
  }

  /** vCluster skips the tenant API's own endpoints: they name the tenant's API server, not a host pod. */
  @Test
  void endpointsOfTheDefaultKubernetesServiceAreNotSynced() throws Exception {
    sim.virtual().services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata()
        .withName("external-db").endMetadata().withNewSpec().addNewPort().withPort(5432).endPort().endSpec().build())
        .create();
    sim.virtual().endpoints().inNamespace("default").resource(new EndpointsBuilder().withNewMetadata()
        .withName("external-db").endMetadata().addNewSubset().addNewAddress().withIp("10.1.2.4").endAddress()
        .addNewPort().withPort(5432).endPort().endSubset().build()).create();
    // Once a later selector-less Service's endpoints of the same namespace are on the host...
    await().atMost(WAIT).until(() -> sim.host().endpoints().inNamespace(SimHost.HOST_NAMESPACE)
        .withName(NAMES.hostName("default", "external-db")).get(), e -> e != null);

    assertNotNull(sim.virtual().endpoints().inNamespace("default").withName("kubernetes").get());
    assertNull(sim.host().endpoints().inNamespace(SimHost.HOST_NAMESPACE)
        .withName(NAMES.hostName("default", "kubernetes")).get());
  }

  private static Pod hostPod(String name) {
    return sim.host().pods().inNamespace(SimHost.HOST_NAMESPACE).withName(name).get();
  }

  private static ConfigMap hostConfigMap(String name) {
    return sim.host().configMaps().inNamespace(SimHost.HOST_NAMESPACE).withName(name).get();
  }

  static PodBuilder pod(String name) {
    return new PodBuilder().withNewMetadata().withName(name).addToLabels("app", name).endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("nginx:1.27").endContainer().endSpec();
  }

  static ConfigMap configMap(String name, String value) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("key", value).build();
  }
}
