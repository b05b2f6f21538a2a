package dev.vkube.e2e.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.e2e.Kubectl;
import dev.vkube.e2e.Kubectl.Result;
import dev.vkube.syncer.names.NameTranslator;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a tenant's pod sees of its cluster when it runs on the host (issue 6): the virtual DNS, the
 * service variables the tenant's kubelet would set (read with kubectl exec, which runs in the host pod
 * with its environment), and its priority class only when priority classes are synced.
 */
class SyncedPodNetworkIT {
  @RegisterExtension
  static EtcdExtension etcd = new EtcdExtension();
  @TempDir
  static Path dir;
  static SimHost sim;
  static Kubectl kubectl;
  static final NameTranslator VC1 = new NameTranslator(SimHost.VCLUSTER);
  static final Duration WAIT = Duration.ofSeconds(30);

  @BeforeAll
  static void start() throws Exception {
    sim = SimHost.start(etcd, dir);
    kubectl = new Kubectl(Path.of("/usr/bin/kubectl"), dir.resolve("tenant-" + SimHost.VCLUSTER)
        .resolve("admin.kubeconfig"));
  }

  @AfterAll
  static void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  @Test
  void podGetsTheVirtualDnsAndTheServiceVariablesOfItsVirtualNamespace() throws Exception {
    // The host Service in front of the tenant API (vCluster: the vCluster's Service, named like it).
    Service api = sim.host().services().inNamespace(SimHost.HOST_NAMESPACE).resource(new ServiceBuilder()
        .withNewMetadata().withName(SimHost.VCLUSTER).endMetadata().withNewSpec().addNewPort().withName("https")
        .withPort(443).withNewTargetPort(8443).endPort().endSpec().build()).create();
    // The tenant's DNS Service (its CoreDNS, as vCluster deploys one in every tenant).
    sim.virtual().services().inNamespace("kube-system").resource(new ServiceBuilder().withNewMetadata()
        .withName("kube-dns").endMetadata().withNewSpec().addToSelector("k8s-app", "kube-dns")
        .addNewPort().withName("dns").withPort(53).withProtocol("UDP").endPort().endSpec().build()).create();
    String ns = sim.virtualNamespace();
    sim.virtual().services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("web-api")
        .endMetadata().withNewSpec().addToSelector("app", "web-api").addNewPort().withName("http").withPort(80)
        .endPort().endSpec().build()).create();
    sim.virtual().pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("client")
        .endMetadata().withNewSpec().addNewContainer().withName("main").withImage("busybox:1.36")
        .addNewEnv().withName("API").withValue("http://$(WEB_API_SERVICE_HOST)").endEnv()
        .endContainer().endSpec().build()).create();
    check(kubectl.run("wait", "-n", ns, "--for=jsonpath={.status.phase}=Running", "pod/client", "--timeout=40s"));

    Service webApiOnHost = sim.host().services().inNamespace(SimHost.HOST_NAMESPACE)
        .withName(VC1.hostName(ns, "web-api")).get();
    String hostIp = webApiOnHost.getSpec().getClusterIP();
    assertNotNull(hostIp);
    // The tenant's own default/kubernetes is not copied (vCluster: specialservices), while web-api is.
    assertNull(sim.host().services().inNamespace(SimHost.HOST_NAMESPACE)
        .withName(VC1.hostName("default", "kubernetes")).get());
    Result env = kubectl.run("exec", "client", "-n", ns, "--", "sh", "-c",
        "echo $WEB_API_SERVICE_HOST $WEB_API_SERVICE_PORT $WEB_API_PORT_80_TCP $KUBERNETES_SERVICE_HOST "
            + "$KUBERNETES_SERVICE_PORT");
    assertEquals(0, env.exitCode(), env.stderr());
    assertEquals(hostIp + " 80 tcp://" + hostIp + ":80 " + api.getSpec().getClusterIP() + " 443", env.out());

    Pod host = sim.host().pods().inNamespace(SimHost.HOST_NAMESPACE).withName(VC1.hostName(ns, "client")).get();
    String dnsIp = sim.host().services().inNamespace(SimHost.HOST_NAMESPACE)
        .withName(VC1.hostName("kube-system", "kube-dns")).get().getSpec().getClusterIP();
    assertEquals("None", host.getSpec().getDnsPolicy());
    assertEquals(List.of(dnsIp), host.getSpec().getDnsConfig().getNameservers());
    assertEquals(List.of(ns + ".svc.cluster.local", "svc.cluster.local", "cluster.local"),
        host.getSpec().getDnsConfig().getSearches());
    assertEquals(List.of(new PodDNSConfigOption("ndots", "5")), host.getSpec().getDnsConfig().getOptions());
    assertFalse(host.getSpec().getEnableServiceLinks(), "the host's own services stay out of the pod");
    // The container's own variable follows the injected ones, so its $(VAR) reference expands on the host.
    assertEquals("API", host.getSpec().getContainers().get(0).getEnv()
        .get(host.getSpec().getContainers().get(0).getEnv().size() - 1).getName());
  }

  @Test
  void priorityClassIsDroppedOnTheHostWithoutPriorityClassSync() throws Exception {
    String ns = sim.virtualNamespace();
    sim.virtual().scheduling().v1().priorityClasses().resource(priorityClass("batch-high", 1000)).create();
    sim.virtual().pods().inNamespace(ns).resource(podWithPriority("job", "batch-high")).create();

    Pod host = await().atMost(WAIT).until(() -> sim.host().pods().inNamespace(SimHost.HOST_NAMESPACE)
        .withName(VC1.hostName(ns, "job")).get(), p -> p != null);
    assertNull(host.getSpec().getPriorityClassName());
    assertNull(sim.host().scheduling().v1().priorityClasses().withName("vcluster-batch-high-x-"
        + SimHost.HOST_NAMESPACE + "-x-" + SimHost.VCLUSTER).get());
  }

  @Test
  void withPrioritySyncTheClassIsCopiedToTheHostUsedByPodsAndDeletedWithTheVirtualOne() throws Exception {
    SimHost.Tenant tenant = sim.tenant("vcpc", true);
    NameTranslator names = new NameTranslator("vcpc");
    String hostClass = names.clusterScopedHostName(SimHost.HOST_NAMESPACE, "critical-batch");
    Kubectl tenantKubectl = new Kubectl(Path.of("/usr/bin/kubectl"), dir.resolve("tenant-vcpc")
        .resolve("admin.kubeconfig"));
    check(tenantKubectl.run("create", "priorityclass", "critical-batch", "--value=5000",
        "--description=nightly jobs"));

    PriorityClass copy = await().atMost(WAIT).until(() -> sim.host().scheduling().v1().priorityClasses()
        .withName(hostClass).get(), p -> p != null);
    assertEquals(5000, copy.getValue());
    assertEquals("nightly jobs", copy.getDescription());

    String ns = tenant.virtualNamespace();
    tenant.client().pods().inNamespace(ns).resource(podWithPriority("job", "critical-batch")).create();
    Pod host = await().atMost(WAIT).until(() -> sim.host().pods().inNamespace(SimHost.HOST_NAMESPACE)
        .withName(names.hostName(ns, "job")).get(), p -> p != null);
    assertEquals(hostClass, host.getSpec().getPriorityClassName());

    check(tenantKubectl.run("delete", "priorityclass", "critical-batch"));
    await().atMost(WAIT).until(() -> sim.host().scheduling().v1().priorityClasses().withName(hostClass).get() == null);
  }

  static PriorityClass priorityClass(String name, int value) {
    return new PriorityClassBuilder().withNewMetadata().withName(name).endMetadata().withValue(value).build();
  }

  static Pod podWithPriority(String name, String priorityClass) {
    return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
        .withPriorityClassName(priorityClass).addNewContainer().withName("main").withImage("busybox:1.36")
        .endContainer().endSpec().build();
  }

  static void check(Result r) {
    assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
  }
}
