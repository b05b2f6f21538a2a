package dev.vkube.syncer.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class EventTranslatorTest {
  @Test
  void hostEventIsReaddressedToTheVirtualPodByNameNamespaceUidAndMessage() {
    Pod host = new PodBuilder().withNewMetadata().withName("web-x-ns-x-vc1").withNamespace("host-ns").endMetadata()
        .build();
    Pod virtual = new PodBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("u-1").endMetadata()
        .build();
    Event event = new EventBuilder().withNewMetadata().withName("web-x-ns-x-vc1.17a2b").withNamespace("host-ns")
        .withResourceVersion("9").endMetadata()
        .withNewInvolvedObject().withKind("Pod").withNamespace("host-ns").withName("web-x-ns-x-vc1").withUid("h-1")
        .withResourceVersion("5").endInvolvedObject()
        .withReason("Scheduled").withMessage("Successfully assigned host-ns/web-x-ns-x-vc1 to node-1").withCount(1)
        .build();

    Event out = new EventTranslator().toVirtual(event, host, virtual);

    assertEquals("web.17a2b", out.getMetadata().getName());
    assertEquals("ns", out.getMetadata().getNamespace());
    assertEquals(null, out.getMetadata().getResourceVersion());
    assertEquals("web", out.getInvolvedObject().getName());
    assertEquals("ns", out.getInvolvedObject().getNamespace());
    assertEquals("u-1", out.getInvolvedObject().getUid());
    assertEquals("Successfully assigned ns/web to node-1", out.getMessage());
    assertEquals("Scheduled", out.getReason());
  }
}
