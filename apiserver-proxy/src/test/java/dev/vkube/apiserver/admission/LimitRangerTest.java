package dev.vkube.apiserver.admission;

import static dev.vkube.apiserver.admission.AdmissionTesting.admit;
import static dev.vkube.apiserver.admission.AdmissionTesting.create;
import static dev.vkube.apiserver.admission.AdmissionTesting.json;
import static dev.vkube.apiserver.admission.AdmissionTesting.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.admission.limitranger.LimitRanger;
import dev.vkube.apiserver.api.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cases of plugin/pkg/admission/limitranger/admission_test.go, rewritten for vkube. */
class LimitRangerTest {
  private static LimitRanger ranger(String limits) {
    ObjectNode range = json("{'metadata':{'name':'lr','namespace':'ns'},'spec':{'limits':" + limits + "}}");
    return new LimitRanger(ns -> List.of(range));
  }

  @Test
  void defaultsFillMissingRequestsAndLimitsAndAnnotateThePod() {
    LimitRanger plugin = ranger("[{'type':'Container','default':{'cpu':'500m','memory':'256Mi'},"
        + "'defaultRequest':{'cpu':'100m'}}]");
    ObjectNode pod = pod("p", "{'limits':{'memory':'128Mi'}}");
    admit(plugin, create("", "pods", "ns", pod));
    assertEquals(json("{'limits':{'memory':'128Mi','cpu':'500m'},'requests':{'cpu':'100m','memory':'128Mi'}}"),
        pod.path("spec").path("containers").get(0).path("resources"));
    assertEquals("LimitRanger plugin set: cpu request for container c; cpu limit for container c",
        pod.path("metadata").path("annotations").path("kubernetes.io/limit-ranger").asText());
  }

  @Test
  void maxBecomesTheDefaultLimitAndRequest() {
    LimitRanger plugin = ranger("[{'type':'Container','max':{'cpu':'1'}}]");
    ObjectNode pod = pod("p", "{}");
    admit(plugin, create("", "pods", "ns", pod));
    assertEquals(json("{'limits':{'cpu':'1'},'requests':{'cpu':'1'}}"),
        pod.path("spec").path("containers").get(0).path("resources"));
  }

  @ParameterizedTest(name = "{2}")
  @CsvSource(delimiter = '|', value = {
      "[{'type':'Container','min':{'cpu':'200m'},'default':{'cpu':'1'},'defaultRequest':{'cpu':'1'}}] "
          + "| {'requests':{'cpu':'100m'}} | minimum cpu usage per Container is 200m, but request is 100m",
      "[{'type':'Container','max':{'memory':'1Gi'}}] | {'limits':{'memory':'2Gi'},'requests':{'memory':'1Gi'}} "
          + "| maximum memory usage per Container is 1Gi, but limit is 2Gi",
      "[{'type':'Container','maxLimitRequestRatio':{'cpu':'2'},'default':{'cpu':'1'}}] "
          + "| {'requests':{'cpu':'100m'},'limits':{'cpu':'1'}} "
          + "| cpu max limit to request ratio per Container is 2, but provided ratio is 10.000000",
      "[{'type':'Pod','max':{'cpu':'1'}}] | {'requests':{'cpu':'2'},'limits':{'cpu':'2'}} "
          + "| maximum cpu usage per Pod is 1, but limit is 2",
      "[{'type':'Pod','min':{'memory':'1Gi'}}] | {} | minimum memory usage per Pod is 1Gi.  No request is specified",
      "[{'type':'Container','min':{'cpu':'1'},'max':{'cpu':'2'}}] | {'requests':{'cpu':'500m'},'limits':{'cpu':'3'}} "
          + "| [minimum cpu usage per Container is 1, but request is 500m, maximum cpu usage per Container is 2, "
          + "but limit is 3]"})
  void violationsAreForbiddenWithUpstreamText(String limits, String resources, String message) {
    ObjectNode pod = pod("p", resources);
    ApiException e = assertThrows(ApiException.class, () -> admit(ranger(limits), create("", "pods", "ns", pod)));
    assertEquals(403, e.code());
    assertEquals("pods \"p\" is forbidden: " + message, e.getMessage());
  }

  @Test
  void claimsAreHeldToTheirLimits() {
    LimitRanger plugin = ranger("[{'type':'PersistentVolumeClaim','min':{'storage':'1Gi'},'max':{'storage':'10Gi'}}]");
    ObjectNode claim = json("{'metadata':{'name':'data'},'spec':{'resources':{'requests':{'storage':'20Gi'}}}}");
    ApiException e = assertThrows(ApiException.class, () -> admit(plugin,
        create("", "persistentvolumeclaims", "ns", claim)));
    assertEquals("persistentvolumeclaims \"data\" is forbidden: maximum storage usage per PersistentVolumeClaim is "
        + "10Gi, but request is 20Gi", e.getMessage());
  }
}
