package dev.vkube.syncer.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

class NodeTranslatorTest {
  private final NodeTranslator translator = new NodeTranslator();

  @Test
  void fakeNodeHasVclustersCapacityAndMarkers() {
    Node fake = translator.fake("worker-7", "2026-01-01T00:00:00Z");
    assertEquals("worker-7", fake.getMetadata().getName());
    assertEquals("true", fake.getMetadata().getLabels().get(NodeTranslator.FAKE_LABEL));
    assertEquals("fake-worker-7", fake.getMetadata().getLabels().get("kubernetes.io/hostname"));
    assertEquals(new Quantity("16"), fake.getStatus().getCapacity().get("cpu"));
    assertEquals(new Quantity("110"), fake.getStatus().getAllocatable().get("pods"));
    assertEquals("Fake Kubernetes Image", fake.getStatus().getNodeInfo().getOsImage());
    assertTrue(fake.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
        && "True".equals(c.getStatus())));
  }

  @Test
  void realNodeKeepsHostDataWithoutImagesAndOnlyHeartbeatsDoNotCountAsChange() {
    Node host = new NodeBuilder().withNewMetadata().withName("n1").withUid("host-uid").addToLabels("zone", "a")
        .endMetadata().withNewStatus().addNewImage().withNames("nginx").endImage()
        .addNewCondition().withType("Ready").withStatus("True").withLastHeartbeatTime("t1").endCondition()
        .endStatus().build();
    Node virtual = translator.fromHost(host);
    assertEquals("a", virtual.getMetadata().getLabels().get("zone"));
    assertEquals("true", virtual.getMetadata().getLabels().get(NodeTranslator.SYNCED_LABEL));
    assertNull(virtual.getMetadata().getUid());
    assertTrue(virtual.getStatus().getImages() == null || virtual.getStatus().getImages().isEmpty());

    Node later = translator.fromHost(new NodeBuilder(host).editStatus().editFirstCondition().withLastHeartbeatTime("t2")
        .endCondition().endStatus().build());
    assertFalse(translator.differs(later, virtual));
  }
}
