package dev.vkube.syncer.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NameTranslatorTest {
  private final NameTranslator names = new NameTranslator("vc1");

  @Test
  void shortNamesAreNameXNamespaceXCluster() {
    assertEquals("nginx-x-default-x-vc1", names.hostName("default", "nginx"));
  }

  @Test
  void namesPast63CharactersKeep52AndAppendTenHexOfSha256() {
    String host = names.hostName("my-namespace", "a".repeat(50));
    // Expected value computed with vCluster's SafeConcatName algorithm (sha256 of the full name).
    assertEquals("a".repeat(50) + "-x-c80607df29", host);
    assertEquals(63, host.length());
  }

  @Test
  void aDotBeforeTheHashDashIsDropped() {
    assertEquals("a".repeat(51) + "-5423bdac17", names.hostName("ns", "a".repeat(51) + ".b"));
  }

  @Test
  void longNamesStayUniqueAcrossNamespacesAndClusters() {
    String name = "x".repeat(70);
    assertNotEquals(names.hostName("a", name), names.hostName("b", name));
    assertNotEquals(names.hostName("a", name), new NameTranslator("vc2").hostName("a", name));
  }

  @Test
  void hostLabelsCarryOwnerMarkersAndRenameReservedKeys() {
    assertEquals(Map.of("app", "web", "vcluster.loft.sh/label-vc1-x-a4d451ec23", "r1",
        Markers.MANAGED_BY_LABEL, "vc1", Markers.NAMESPACE_LABEL, "ns"),
        names.hostLabels("ns", Map.of("app", "web", "release", "r1")));
  }

  @Test
  void managedOnlyWithOurMarkerAndMatchingAnnotations() {
    Map<String, String> labels = Map.of(Markers.MANAGED_BY_LABEL, "vc1");
    Map<String, String> annotations = names.ownerAnnotations("Pod", "ns", "web", "u1");
    assertTrue(names.isManaged(labels, annotations, "web-x-ns-x-vc1"));
    assertFalse(names.isManaged(Map.of(Markers.MANAGED_BY_LABEL, "vc2"), annotations, "web-x-ns-x-vc1"));
    assertFalse(names.isManaged(labels, annotations, "other-x-ns-x-vc1"));
  }
}
