package dev.vkube.syncer.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.syncer.names.NameTranslator;
import dev.vkube.syncer.policy.IsolationPolicy;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodTranslatorTest {
  private final TranslationContext ctx = new TranslationContext(new NameTranslator("vc1"), "host-ns", "default", null);
  private final PodTranslator translator = new PodTranslator(new IsolationPolicy());

  private static PodBuilder virtualPod() {
    return new PodBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("u1")
        .addToLabels("app", "web").endMetadata()
        .withNewSpec().withServiceAccountName("builder")
        .addNewVolume().withName("cfg").withNewConfigMap().withName("settings").endConfigMap().endVolume()
        .addNewVolume().withName("tls").withNewSecret().withSecretName("certs").endSecret().endVolume()
        .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("pvc").endPersistentVolumeClaim()
        .endVolume()
        .addNewContainer().withName("main").withImage("nginx:1.27")
        .addNewEnv().withName("MODE").withNewValueFrom().withNewConfigMapKeyRef("mode", "settings", false)
        .endValueFrom().endEnv()
        .addNewEnv().withName("POD").withNewValueFrom().withNewFieldRef("v1", "metadata.name").endValueFrom().endEnv()
        .endContainer().endSpec();
  }

  @Test
  void translatesNameNamespaceReferencesAndIdentity() {
    Pod expected = new PodBuilder().withNewMetadata().withName("web-x-ns-x-vc1").withNamespace("host-ns")
        .withLabels(Map.of("app", "web", "vcluster.loft.sh/managed-by", "vc1", "vcluster.loft.sh/namespace", "ns"))
        .withAnnotations(Map.of("vcluster.loft.sh/object-name", "web", "vcluster.loft.sh/object-namespace", "ns",
            "vcluster.loft.sh/object-kind", "Pod", "vcluster.loft.sh/object-uid", "u1",
            "vcluster.loft.sh/name", "web", "vcluster.loft.sh/namespace", "ns", "vcluster.loft.sh/uid", "u1",
            "vcluster.loft.sh/service-account-name", "builder"))
        .endMetadata()
        .withNewSpec().withServiceAccountName("default").withServiceAccount("default")
        .withAutomountServiceAccountToken(false).withEnableServiceLinks(false).withHostname("web")
        .addNewVolume().withName("cfg").withNewConfigMap().withName("settings-x-ns-x-vc1").endConfigMap().endVolume()
        .addNewVolume().withName("tls").withNewSecret().withSecretName("certs-x-ns-x-vc1").endSecret().endVolume()
        .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("pvc-x-ns-x-vc1")
        .endPersistentVolumeClaim().endVolume()
        .addNewContainer().withName("main").withImage("nginx:1.27")
        .addNewEnv().withName("MODE").withNewValueFrom().withNewConfigMapKeyRef("mode", "settings-x-ns-x-vc1", false)
        .endValueFrom().endEnv()
        .addNewEnv().withName("POD").withNewValueFrom()
        .withNewFieldRef("v1", "metadata.annotations['vcluster.loft.sh/name']").endValueFrom().endEnv()
        .endContainer().endSpec().build();

    Translation<Pod> t = translator.toHost(virtualPod().build(), ctx, null);

    assertEquals(expected, t.host());
  }

  @Test
  void projectedTokenBecomesDownwardApiReadOfTokenAnnotation() {
    Pod pod = virtualPod().editSpec().addNewVolume().withName("kube-api-access-abcde").withNewProjected()
        .addNewSource().withNewServiceAccountToken().withPath("token").withExpirationSeconds(3607L)
        .endServiceAccountToken().endSource()
        .addNewSource().withNewConfigMap().withName("kube-root-ca.crt").endConfigMap().endSource()
        .endProjected().endVolume().endSpec().build();
    assertTrue(PodTranslator.needsServiceAccountToken(pod));

    Pod host = translator.toHost(pod, ctx, "TOKEN").host();

    var sources = host.getSpec().getVolumes().get(3).getProjected().getSources();
    assertNull(sources.get(0).getServiceAccountToken());
    assertEquals("metadata.annotations['vcluster.loft.sh/token-kube-api-access-abcde-0']",
        sources.get(0).getDownwardAPI().getItems().get(0).getFieldRef().getFieldPath());
    assertEquals("token", sources.get(0).getDownwardAPI().getItems().get(0).getPath());
    assertEquals("TOKEN", host.getMetadata().getAnnotations().get("vcluster.loft.sh/token-kube-api-access-abcde-0"));
    assertEquals("kube-root-ca.crt-x-ns-x-vc1", sources.get(1).getConfigMap().getName());
  }

  @Test
  void privilegedHostNetworkAndHostPathPodsAreRefused() {
    Pod pod = virtualPod().editSpec().withHostNetwork(true)
        .addNewVolume().withName("root").withNewHostPath().withPath("/").endHostPath().endVolume()
        .editFirstContainer().withNewSecurityContext().withPrivileged(true).withNewCapabilities().addToAdd("NET_ADMIN")
        .endCapabilities().endSecurityContext().addNewPort().withContainerPort(80).withHostPort(80).endPort()
        .endContainer().endSpec().build();

    Translation<Pod> t = translator.toHost(pod, ctx, null);

    assertNull(t.host());
    assertEquals(5, t.refusals().size(), t.refusals().toString());
  }

  @Test
  void pinnedNodeIsUsedOnlyWhenTheTenantNamedNone() {
    TranslationContext pinned = new TranslationContext(ctx.names(), "host-ns", "default", "sim-node-1");
    assertEquals("sim-node-1", translator.toHost(virtualPod().build(), pinned, null).host().getSpec().getNodeName());
    assertEquals("n2", translator.toHost(virtualPod().editSpec().withNodeName("n2").endSpec().build(), pinned, null)
        .host().getSpec().getNodeName());
  }

  /** The cheap translation of the update path sees exactly what the full one would: same decisions. */
  @Test
  void updateTranslationHasTheFullTranslationsMetadataAndImages() {
    Pod pod = virtualPod().editSpec().addNewVolume().withName("kube-api-access-abcde").withNewProjected()
        .addNewSource().withNewServiceAccountToken().withPath("token").endServiceAccountToken().endSource()
        .endProjected().endVolume().endSpec().build();
    Pod full = translator.toHost(pod, ctx, null).host();

    Pod forUpdate = translator.toHostForUpdate(pod, ctx).host();

    assertEquals(full.getMetadata(), forUpdate.getMetadata());
    assertEquals("nginx:1.27", forUpdate.getSpec().getContainers().get(0).getImage());
    Pod hostWithToken = translator.toHost(pod, ctx, "TOKEN").host();
    assertFalse(translator.differs(forUpdate, hostWithToken), "token values are the host's own");
    Pod relabelled = new PodBuilder(pod).editMetadata().addToLabels("tier", "front").endMetadata().build();
    assertTrue(translator.differs(translator.toHostForUpdate(relabelled, ctx).host(), hostWithToken));
    Pod reimaged = new PodBuilder(pod).editSpec().editContainer(0).withImage("nginx:1.28").endContainer().endSpec()
        .build();
    Pod merged = translator.merge(translator.toHostForUpdate(reimaged, ctx).host(), hostWithToken);
    assertEquals("nginx:1.28", merged.getSpec().getContainers().get(0).getImage());
    assertEquals("TOKEN", merged.getMetadata().getAnnotations().get("vcluster.loft.sh/token-kube-api-access-abcde-0"));
    assertEquals("nginx:1.27", pod.getSpec().getContainers().get(0).getImage(), "the virtual pod is not changed");
  }

  @Test
  void refusedPodIsRefusedOnTheUpdatePathToo() {
    Pod pod = virtualPod().editSpec().withHostNetwork(true).endSpec().build();

    assertTrue(translator.toHostForUpdate(pod, ctx).isRefused());
  }
}
