package dev.vkube.syncer.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.syncer.names.NameTranslator;
import dev.vkube.syncer.policy.IsolationPolicy;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * DNS, service variables and priority of host pods (vCluster's pods/translate/translator.go
 * translateDNSConfig, translateServicesToEnvironmentVariables and envvars.go; kubelet's getServiceEnvVarMap).
 */
class PodNetworkTranslationTest {
  private final TranslationContext ctx = new TranslationContext(new NameTranslator("vc1"), "host-ns", "default", null);
  private final PodTranslator translator = new PodTranslator(new IsolationPolicy());
  private final PodNetwork network = new PodNetwork("10.0.0.10", "cluster.local", "10.0.0.1", 443,
      List.of(service("web-api", "10.0.0.50", 80, "http", 8443, "https"), headless("db")));

  private static PodBuilder pod() {
    return new PodBuilder().withNewMetadata().withName("web").withNamespace("shop").withUid("u1").endMetadata()
        .withNewSpec().withDnsPolicy("ClusterFirst").withEnableServiceLinks(true)
        .addNewContainer().withName("main").withImage("nginx:1.27")
        .addNewEnv().withName("WEB_API_SERVICE_PORT").withValue("mine").endEnv()
        .addNewEnv().withName("URL").withValue("http://$(WEB_API_SERVICE_HOST)").endEnv()
        .endContainer().endSpec();
  }

  static Service service(String name, String ip, int port, String portName, int port2, String port2Name) {
    return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata()
        .withNewSpec().withClusterIP(ip)
        .addNewPort().withName(portName).withPort(port).withProtocol("TCP").endPort()
        .addNewPort().withName(port2Name).withPort(port2).endPort().endSpec().build();
  }

  static Service headless(String name) {
    return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata()
        .withNewSpec().withClusterIP("None").addNewPort().withPort(5432).endPort().endSpec().build();
  }

  private static Map<String, String> env(Pod pod) {
    return pod.getSpec().getContainers().get(0).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue, (a, b) -> b));
  }

  @Test
  void clusterFirstPodUsesTheVirtualDnsWithTheVirtualNamespaceSearchesAndNdots5() {
    Pod host = translator.toHost(pod().build(), ctx, null, network).host();

    assertEquals("None", host.getSpec().getDnsPolicy());
    assertEquals(List.of("10.0.0.10"), host.getSpec().getDnsConfig().getNameservers());
    assertEquals(List.of("shop.svc.cluster.local", "svc.cluster.local", "cluster.local"),
        host.getSpec().getDnsConfig().getSearches());
    assertEquals(List.of(new PodDNSConfigOption("ndots", "5")), host.getSpec().getDnsConfig().getOptions());
  }

  @Test
  void ownDnsConfigIsKeptAfterTheVirtualOneAndItsOptionsWin() {
    Pod pod = pod().editSpec().withNewDnsConfig().withNameservers("1.1.1.1").withSearches("corp.example")
        .addNewOption().withName("ndots").withValue("2").endOption().addNewOption().withName("edns0").endOption()
        .endDnsConfig().endSpec().build();

    Pod host = translator.toHost(pod, ctx, null, network).host();

    assertEquals(List.of("10.0.0.10", "1.1.1.1"), host.getSpec().getDnsConfig().getNameservers());
    assertEquals(List.of("shop.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example"),
        host.getSpec().getDnsConfig().getSearches());
    assertEquals(List.of(new PodDNSConfigOption("ndots", "2"), new PodDNSConfigOption("edns0", null)),
        host.getSpec().getDnsConfig().getOptions());
  }

  @Test
  void clusterFirstWithHostNetIsRewrittenButDefaultNoneAndClusterFirstOnHostNetworkAreNot() {
    assertEquals("None", dnsPolicyOnHost(pod().editSpec().withDnsPolicy("ClusterFirstWithHostNet").endSpec()));
    assertEquals("Default", dnsPolicyOnHost(pod().editSpec().withDnsPolicy("Default").endSpec()));
    Pod none = translator.toHost(pod().editSpec().withDnsPolicy("None").withNewDnsConfig()
        .withNameservers("9.9.9.9").endDnsConfig().endSpec().build(), ctx, null, network).host();
    assertEquals(List.of("9.9.9.9"), none.getSpec().getDnsConfig().getNameservers());
    assertTrue(PodDns.usesClusterDns(pod().editSpec().withDnsPolicy(null).endSpec().build().getSpec()));
    assertFalse(PodDns.usesClusterDns(pod().editSpec().withHostNetwork(true).endSpec().build().getSpec()));
  }

  private String dnsPolicyOnHost(PodBuilder pod) {
    return translator.toHost(pod.build(), ctx, null, network).host().getSpec().getDnsPolicy();
  }

  @Test
  void withoutAVirtualDnsThePodKeepsItsPolicy() {
    PodNetwork noDns = new PodNetwork(null, "cluster.local", null, 443, List.of());
    Pod host = translator.toHost(pod().build(), ctx, null, noDns).host();
    assertEquals("ClusterFirst", host.getSpec().getDnsPolicy());
    assertNull(host.getSpec().getDnsConfig());
  }

  @Test
  void serviceVariablesAreThoseTheTenantsKubeletWouldSetAndComeBeforeTheContainersOwn() {
    Pod host = translator.toHost(pod().build(), ctx, null, network).host();

    Map<String, String> env = env(host);
    assertEquals("10.0.0.50", env.get("WEB_API_SERVICE_HOST"));
    assertEquals("mine", env.get("WEB_API_SERVICE_PORT"), "the container's own variable wins");
    assertEquals("80", env.get("WEB_API_SERVICE_PORT_HTTP"));
    assertEquals("8443", env.get("WEB_API_SERVICE_PORT_HTTPS"));
    assertEquals("tcp://10.0.0.50:80", env.get("WEB_API_PORT"));
    assertEquals("tcp://10.0.0.50:8443", env.get("WEB_API_PORT_8443_TCP"));
    assertEquals("tcp", env.get("WEB_API_PORT_80_TCP_PROTO"));
    assertEquals("80", env.get("WEB_API_PORT_80_TCP_PORT"));
    assertEquals("10.0.0.50", env.get("WEB_API_PORT_80_TCP_ADDR"));
    assertFalse(env.keySet().stream().anyMatch(k -> k.startsWith("DB_")), "headless services get none");
    assertEquals("10.0.0.1", env.get("KUBERNETES_SERVICE_HOST"));
    assertEquals("443", env.get("KUBERNETES_SERVICE_PORT"));
    assertEquals("443", env.get("KUBERNETES_SERVICE_PORT_HTTPS"));
    assertEquals("tcp://10.0.0.1:443", env.get("KUBERNETES_PORT_443_TCP"));
    List<String> names = host.getSpec().getContainers().get(0).getEnv().stream().map(EnvVar::getName).toList();
    assertTrue(names.indexOf("WEB_API_SERVICE_HOST") < names.indexOf("URL"), "$(VAR) references expand");
    assertEquals(1, names.stream().filter("WEB_API_SERVICE_PORT"::equals).count());
    assertEquals(false, host.getSpec().getEnableServiceLinks(), "the host's own services stay out");
    assertEquals(List.of(new HostAlias(List.of("kubernetes", "kubernetes.default", "kubernetes.default.svc"),
        "10.0.0.1")), host.getSpec().getHostAliases());
  }

  @Test
  void podWithServiceLinksOffGetsOnlyTheKubernetesVariables() {
    Pod host = translator.toHost(pod().editSpec().withEnableServiceLinks(false).endSpec().build(), ctx, null,
        network).host();

    Map<String, String> env = env(host);
    assertNull(env.get("WEB_API_SERVICE_HOST"));
    assertEquals("10.0.0.1", env.get("KUBERNETES_SERVICE_HOST"));
  }

  @Test
  void ipv6ClusterIpsAreBracketedInUrls() {
    PodNetwork v6 = new PodNetwork(null, "cluster.local", "fd00::1", 443, List.of(service("api", "fd00::50", 80,
        "http", 81, "alt")));
    Map<String, String> env = env(translator.toHost(pod().build(), ctx, null, v6).host());
    assertEquals("tcp://[fd00::50]:80", env.get("API_PORT"));
    assertEquals("tcp://[fd00::1]:443", env.get("KUBERNETES_PORT"));
  }

  @Test
  void priorityClassIsDroppedUnlessPriorityClassesAreSynced() {
    Pod pod = pod().editSpec().withPriorityClassName("high").withPriority(2_000_000_000).endSpec().build();

    Pod dropped = translator.toHost(pod, ctx, null, network).host();
    assertNull(dropped.getSpec().getPriorityClassName());
    assertNull(dropped.getSpec().getPriority());

    Pod kept = new PodTranslator(new IsolationPolicy(), true).toHost(pod, ctx, null, network).host();
    assertEquals("vcluster-high-x-host-ns-x-vc1", kept.getSpec().getPriorityClassName());
    assertEquals(1_000_000_000, kept.getSpec().getPriority());

    Pod system = new PodTranslator(new IsolationPolicy(), true).toHost(pod().editSpec()
        .withPriorityClassName("system-node-critical").endSpec().build(), ctx, null, network).host();
    assertNull(system.getSpec().getPriorityClassName(), "the host's system classes are not the tenant's");
  }
}
