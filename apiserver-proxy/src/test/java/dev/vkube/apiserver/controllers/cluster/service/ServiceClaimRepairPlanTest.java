package dev.vkube.apiserver.controllers.cluster.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.registry.core.ServiceClaims;
import dev.vkube.apiserver.storage.StoredObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The repair's plan (upstream repairip.go / portallocator repair.go): release leaks, backfill missing. */
class ServiceClaimRepairPlanTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "/registry/";

  @Test
  void claimsNoServiceHoldsAreReleasedAndHeldValuesWithoutClaimsAreCreated() throws Exception {
    StoredObject web = stored("services/specs/ns/web", "{'metadata':{'name':'web','namespace':'ns'},'spec':{"
        + "'type':'NodePort','clusterIP':'10.96.0.10','clusterIPs':['10.96.0.10'],'ports':[{'port':80,"
        + "'nodePort':30080}]}}");
    StoredObject external = stored("services/specs/ns/ext", "{'metadata':{'name':'ext','namespace':'ns'},'spec':{"
        + "'type':'ExternalName','externalName':'example.com','clusterIP':'10.96.0.11'}}");
    StoredObject held = stored("ipaddresses/10.96.0.10", "{}");
    StoredObject leakedIp = stored("ipaddresses/10.96.0.11", "{}");
    StoredObject leakedPort = stored("servicenodeports/30081", "{}");

    ServiceClaimRepair.Plan plan = ServiceClaimRepair.Plan.of(List.of(held, leakedIp, leakedPort),
        List.of(web, external), new ServiceClaims(), PREFIX);

    assertEquals(Set.of(leakedIp.key(), leakedPort.key()), Set.copyOf(plan.release().stream()
        .map(StoredObject::key).toList()));
    assertEquals(Set.of(PREFIX + "servicenodeports/30080"), plan.missing().keySet());
    assertEquals("web", plan.missing().get(PREFIX + "servicenodeports/30080").path("spec").path("parentRef")
        .path("name").asText());
  }

  private static StoredObject stored(String key, String json) throws Exception {
    return new StoredObject(PREFIX + key, (ObjectNode) JSON.readTree(json.replace('\'', '"')), 7);
  }
}
