package dev.vkube.syncer.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.syncer.names.NameTranslator;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import org.junit.jupiter.api.Test;

/** vCluster's priorityclasses/translate.go: translated cluster-scoped name, value capped, never global default. */
class PriorityClassTranslatorTest {
  private final TranslationContext ctx = new TranslationContext(new NameTranslator("vc1"), "host-ns", "default", null);
  private final PriorityClassTranslator translator = new PriorityClassTranslator();

  @Test
  void hostCopyHasTranslatedNameCappedValueAndIsNeverTheGlobalDefault() {
    PriorityClass v = new PriorityClassBuilder().withNewMetadata().withName("high").withUid("u").endMetadata()
        .withValue(2_000_000_000).withGlobalDefault(true).withDescription("batch").build();

    PriorityClass h = translator.toHost(v, ctx);

    assertEquals("vcluster-high-x-host-ns-x-vc1", h.getMetadata().getName());
    assertEquals(1_000_000_000, h.getValue());
    assertFalse(h.getGlobalDefault());
    assertEquals("batch", h.getDescription());
    assertEquals("vc1", h.getMetadata().getLabels().get("vcluster.loft.sh/managed-by"));
    assertEquals("high", PriorityClassTranslator.virtualName(h, ctx));
  }

  @Test
  void aHostClassOfAnotherHostNamespaceIsNotOurs() {
    PriorityClass v = new PriorityClassBuilder().withNewMetadata().withName("high").endMetadata().withValue(5).build();
    TranslationContext other = new TranslationContext(ctx.names(), "other-ns", "default", null);
    assertNull(PriorityClassTranslator.virtualName(translator.toHost(v, other), ctx));
  }

  @Test
  void aValueChangeNeedsARecreateADescriptionChangeAnUpdate() {
    PriorityClass v = new PriorityClassBuilder().withNewMetadata().withName("p").endMetadata().withValue(5).build();
    PriorityClass h = translator.toHost(v, ctx);
    PriorityClass changed = translator.toHost(new PriorityClassBuilder(v).withValue(6).build(), ctx);
    assertTrue(translator.needsRecreate(changed, h));
    PriorityClass described = translator.toHost(new PriorityClassBuilder(v).withDescription("d").build(), ctx);
    assertFalse(translator.needsRecreate(described, h));
    assertTrue(translator.differs(described, h));
  }
}
