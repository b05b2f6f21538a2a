package dev.vkube.apiserver.controllers.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RollingUpdateTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static RollingUpdate of(String spec) throws Exception {
    JsonNode node = JSON.readTree(spec);
    return RollingUpdate.of(node);
  }

  @Test
  void percentagesRoundSurgeUpAndUnavailabilityDown() throws Exception {
    RollingUpdate r = of("{\"replicas\":10,\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":"
        + "{\"maxSurge\":\"25%\",\"maxUnavailable\":\"25%\"}}}");
    assertEquals(new RollingUpdate(10, 3, 2), r);
  }

  @Test
  void zeroSurgeAndZeroUnavailableAllowsOneUnavailable() throws Exception {
    RollingUpdate r = of("{\"replicas\":1,\"strategy\":{\"rollingUpdate\":{\"maxSurge\":0,\"maxUnavailable\":\"25%\"}}}");
    assertEquals(new RollingUpdate(1, 0, 1), r);
  }

  @Test
  void recreateHasNoSurge() throws Exception {
    assertEquals(new RollingUpdate(3, 0, 0), of("{\"replicas\":3,\"strategy\":{\"type\":\"Recreate\"}}"));
  }

  @Test
  void newReplicaSetGrowsUpToSurgeAboveDesired() {
    RollingUpdate r = new RollingUpdate(4, 1, 1);
    assertEquals(1, r.newReplicaSetReplicas(4, 0));
    assertEquals(0, r.newReplicaSetReplicas(5, 0));
    assertEquals(3, r.newReplicaSetReplicas(4, 2));
    assertEquals(4, r.newReplicaSetReplicas(3, 3));
  }

  @Test
  void oldReplicaSetsShrinkOnlyAboveTheAvailabilityFloor() {
    RollingUpdate r = new RollingUpdate(4, 1, 1);
    assertEquals(1, r.maxScaledDown(5, 1, 0));
    assertEquals(0, r.availableScaleDown(3));
    assertEquals(1, r.availableScaleDown(4));
    assertEquals(5, r.maxReplicas());
  }

  @Test
  void maxUnavailableNeverExceedsReplicas() {
    assertEquals(2, new RollingUpdate(2, 0, 5).effectiveMaxUnavailable());
    assertEquals(0, new RollingUpdate(0, 0, 5).effectiveMaxUnavailable());
  }
}
