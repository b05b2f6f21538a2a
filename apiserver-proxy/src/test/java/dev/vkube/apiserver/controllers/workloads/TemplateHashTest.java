package dev.vkube.apiserver.controllers.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TemplateHashTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void hashIgnoresKeyOrderAndUsesTheSafeAlphabet() throws Exception {
    String a = TemplateHash.of(JSON.readTree("{\"metadata\":{\"labels\":{\"a\":\"1\",\"b\":\"2\"}},\"spec\":{}}"), 0);
    String b = TemplateHash.of(JSON.readTree("{\"spec\":{},\"metadata\":{\"labels\":{\"b\":\"2\",\"a\":\"1\"}}}"), 0);
    assertEquals(a, b);
    assertTrue(a.matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}"), a);
  }

  @Test
  void collisionCountChangesTheHash() throws Exception {
    var t = JSON.readTree("{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}");
    assertNotEquals(TemplateHash.of(t, 0), TemplateHash.of(t, 1));
  }

  @Test
  void fnvMatchesTheReferenceVector() {
    // FNV-1a 32 of "a" is 0xe40c292c.
    assertEquals(0xe40c292c, TemplateHash.fnv32a("a".getBytes()));
  }

  @Test
  void sameTemplateIgnoresThePodTemplateHashLabel() throws Exception {
    var withHash = JSON.readTree("{\"metadata\":{\"labels\":{\"app\":\"x\",\"pod-template-hash\":\"abc\"}}}");
    var without = JSON.readTree("{\"metadata\":{\"labels\":{\"app\":\"x\"}}}");
    assertTrue(DeploymentRevisions.sameTemplate(withHash, without));
  }
}
