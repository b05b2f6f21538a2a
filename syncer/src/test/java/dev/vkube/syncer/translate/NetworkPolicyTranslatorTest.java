package dev.vkube.syncer.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vkube.syncer.names.NameTranslator;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkPolicyTranslatorTest {
  private final TranslationContext ctx = new TranslationContext(new NameTranslator("vc1"), "host-ns", "default", null);

  @Test
  void peersInAllNamespacesOrANamedOneSelectTenantPodsAndIpBlocksStay() {
    NetworkPolicy virtual = new NetworkPolicyBuilder().withNewMetadata().withName("p").withNamespace("ns")
        .endMetadata().withNewSpec().withNewPodSelector().endPodSelector()
        .addNewEgress()
        .addNewTo().withNewNamespaceSelector().endNamespaceSelector().endTo()
        .addNewTo().withNewNamespaceSelector().addToMatchLabels("kubernetes.io/metadata.name", "db").endNamespaceSelector()
        .withNewPodSelector().addToMatchLabels("app", "pg").endPodSelector().endTo()
        .addNewTo().withNewIpBlock().withCidr("10.0.0.0/8").endIpBlock().endTo()
        .endEgress().endSpec().build();

    NetworkPolicy host = new NetworkPolicyTranslator().toHost(virtual, ctx);

    assertEquals("p-x-ns-x-vc1", host.getMetadata().getName());
    assertEquals(Map.of("vcluster.loft.sh/managed-by", "vc1", "vcluster.loft.sh/namespace", "ns"),
        host.getSpec().getPodSelector().getMatchLabels());
    var to = host.getSpec().getEgress().get(0).getTo();
    assertEquals(3, to.size());
    assertEquals(Map.of("vcluster.loft.sh/managed-by", "vc1"), to.get(0).getPodSelector().getMatchLabels(),
        "every namespace of this virtual cluster: all its pods, and no other tenant's");
    assertEquals(Map.of("app", "pg", "vcluster.loft.sh/managed-by", "vc1", "vcluster.loft.sh/namespace", "db"),
        to.get(1).getPodSelector().getMatchLabels());
    assertNull(to.get(1).getNamespaceSelector());
    assertEquals("10.0.0.0/8", to.get(2).getIpBlock().getCidr());
  }
}
