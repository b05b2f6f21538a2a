package dev.vkube.syncer.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodStatusPatchTest {
  /**
   * RFC 7386: the patch sets the host's fields, lists replaced whole, and removes (null) the fields only
   * the virtual status has, so the result is the host's status; the UID is the precondition.
   */
  @Test
  @SuppressWarnings("unchecked")
  void patchReplacesTheVirtualStatusWithTheHostsUnderTheUidPrecondition() {
    Pod virtual = new PodBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("u1")
        .withResourceVersion("7").endMetadata()
        .withNewStatus().withPhase("Pending").withNominatedNodeName("n0").addNewCondition().withType("PodScheduled")
        .withStatus("False").endCondition().endStatus().build();
    Pod host = new PodBuilder().withNewMetadata().withName("web-x-ns-x-vc1").endMetadata()
        .withNewStatus().withPhase("Running").withPodIP("10.0.0.7").addNewCondition().withType("Ready")
        .withStatus("True").endCondition().endStatus().build();

    Map<String, Object> patch = new KubernetesSerialization().unmarshal(PodStatusPatch.of(virtual, host), Map.class);

    assertEquals(Map.of("uid", "u1"), patch.get("metadata"), "UID precondition, no resourceVersion");
    Map<String, Object> status = (Map<String, Object>) patch.get("status");
    assertEquals("Running", status.get("phase"));
    assertEquals("10.0.0.7", status.get("podIP"));
    assertEquals(List.of(Map.of("type", "Ready", "status", "True")), status.get("conditions"));
    assertTrue(status.containsKey("nominatedNodeName") && status.get("nominatedNodeName") == null,
        "a field only the virtual status has is removed");
  }
}
