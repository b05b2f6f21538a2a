package dev.vkube.syncer.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vkube.syncer.names.NameTranslator;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceTranslatorTest {
  private final TranslationContext ctx = new TranslationContext(new NameTranslator("vc1"), "host-ns", "default", null);

  @Test
  void selectorIsRewrittenToHostPodLabelsAndIpsAreLeftToTheHost() {
    Service virtual = new ServiceBuilder().withNewMetadata().withName("web").withNamespace("ns").endMetadata()
        .withNewSpec().withType("NodePort").withClusterIP("10.96.0.20").withClusterIPs("10.96.0.20")
        .addToSelector("app", "web").addNewPort().withName("http").withPort(80).withNodePort(30080).endPort()
        .endSpec().build();
    Service expected = new ServiceBuilder().withNewMetadata().withName("web-x-ns-x-vc1").withNamespace("host-ns")
        .withLabels(Map.of("vcluster.loft.sh/managed-by", "vc1", "vcluster.loft.sh/namespace", "ns"))
        .withAnnotations(Map.of("vcluster.loft.sh/object-name", "web", "vcluster.loft.sh/object-namespace", "ns",
            "vcluster.loft.sh/object-kind", "Service"))
        .endMetadata()
        .withNewSpec().withType("NodePort")
        .withSelector(Map.of("app", "web", "vcluster.loft.sh/managed-by", "vc1", "vcluster.loft.sh/namespace", "ns"))
        .addNewPort().withName("http").withPort(80).endPort().endSpec().build();

    assertEquals(expected, new ServiceTranslator().toHost(virtual, ctx));
  }
}
