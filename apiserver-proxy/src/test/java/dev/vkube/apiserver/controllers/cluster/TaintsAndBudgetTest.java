package dev.vkube.apiserver.controllers.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vkube.apiserver.controllers.cluster.disruption.Budget;
import dev.vkube.apiserver.controllers.cluster.nodelifecycle.Taints;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaintsAndBudgetTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2024-01-01T00:10:00Z");
  private static final String UNREACHABLE = "[{'key':'node.kubernetes.io/unreachable','effect':'NoExecute',"
      + "'timeAdded':'2024-01-01T00:09:00Z'}]";

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void podWithoutTolerationIsEvictedAtOnce() throws Exception {
    assertEquals(Optional.of(NOW), Taints.evictionTime(json("{'spec':{}}"), json(UNREACHABLE), NOW));
  }

  @Test
  void tolerationSecondsCountFromTheTaint() throws Exception {
    JsonNode pod = json("{'spec':{'tolerations':[{'key':'node.kubernetes.io/unreachable','operator':'Exists',"
        + "'effect':'NoExecute','tolerationSeconds':300}]}}");
    assertEquals(Optional.of(Instant.parse("2024-01-01T00:14:00Z")), Taints.evictionTime(pod, json(UNREACHABLE),
        NOW));
  }

  @Test
  void tolerationWithoutSecondsToleratesForever() throws Exception {
    JsonNode pod = json("{'spec':{'tolerations':[{'operator':'Exists'}]}}");
    assertTrue(Taints.evictionTime(pod, json(UNREACHABLE), NOW).isEmpty());
  }

  @Test
  void budgetsFollowMinAvailableAndMaxUnavailable() throws Exception {
    Budget min = Budget.compute(json("{'minAvailable':2}"), 3, 0, 3);
    assertEquals(1, min.disruptionsAllowed());
    assertEquals(0, Budget.compute(json("{'minAvailable':2}"), 2, 0, 2).disruptionsAllowed());
    Budget percent = Budget.compute(json("{'minAvailable':'50%'}"), 3, 3, 3);
    assertEquals(2, percent.desiredHealthy());
    Budget max = Budget.compute(json("{'maxUnavailable':1}"), 4, 4, 3);
    assertEquals(3, max.desiredHealthy());
    assertEquals(0, max.disruptionsAllowed());
  }
}
