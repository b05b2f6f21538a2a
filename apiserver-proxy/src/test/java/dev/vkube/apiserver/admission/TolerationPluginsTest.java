package dev.vkube.apiserver.admission;

import static dev.vkube.apiserver.admission.AdmissionTesting.admit;
import static dev.vkube.apiserver.admission.AdmissionTesting.create;
import static dev.vkube.apiserver.admission.AdmissionTesting.json;
import static dev.vkube.apiserver.admission.AdmissionTesting.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.admission.tolerations.DefaultTolerationSeconds;
import dev.vkube.apiserver.admission.tolerations.ExtendedResourceToleration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** defaulttolerationseconds/admission_test.go and extendedresourcetoleration/admission_test.go as tables. */
class TolerationPluginsTest {
  private static final String NOT_READY = "{'key':'node.kubernetes.io/not-ready','operator':'Exists',"
      + "'effect':'NoExecute','tolerationSeconds':300}";
  private static final String UNREACHABLE = "{'key':'node.kubernetes.io/unreachable','operator':'Exists',"
      + "'effect':'NoExecute','tolerationSeconds':300}";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "none | [] | [" + NOT_READY + "," + UNREACHABLE + "]",
      "own not-ready kept | [{'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoExecute',"
          + "'tolerationSeconds':60}] | [{'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoExecute',"
          + "'tolerationSeconds':60}," + UNREACHABLE + "]",
      "empty key tolerates all | [{'operator':'Exists'}] | [{'operator':'Exists'}]",
      "NoSchedule does not count | [{'key':'node.kubernetes.io/unreachable','operator':'Exists',"
          + "'effect':'NoSchedule'}] | [{'key':'node.kubernetes.io/unreachable','operator':'Exists',"
          + "'effect':'NoSchedule'}," + NOT_READY + "," + UNREACHABLE + "]"})
  void defaultTolerationSeconds(String name, String before, String after) {
    ObjectNode pod = pod("p", "{}");
    pod.with("spec").set("tolerations", json("{'t':" + before + "}").get("t"));
    admit(new DefaultTolerationSeconds(), create("", "pods", "ns", pod));
    assertEquals(json("{'t':" + after + "}").get("t"), pod.path("spec").path("tolerations"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no extended | {'requests':{'cpu':'1'}} | null",
      "gpu | {'requests':{'nvidia.com/gpu':'1'},'limits':{'nvidia.com/gpu':'1'}} | [{'key':'nvidia.com/gpu',"
          + "'operator':'Exists','effect':'NoSchedule'}]",
      "sorted | {'requests':{'nvidia.com/gpu':'1','amd.com/gpu':'1'}} | [{'key':'amd.com/gpu','operator':'Exists',"
          + "'effect':'NoSchedule'},{'key':'nvidia.com/gpu','operator':'Exists','effect':'NoSchedule'}]",
      "hugepages are native | {'requests':{'hugepages-2Mi':'2Mi','example.kubernetes.io/x':'1'}} | null"})
  void extendedResourceToleration(String name, String resources, String tolerations) {
    ObjectNode pod = pod("p", resources);
    admit(new ExtendedResourceToleration(), create("", "pods", "ns", pod));
    assertEquals(tolerations.equals("null") ? null : json("{'t':" + tolerations + "}").get("t"),
        pod.path("spec").get("tolerations"));
  }
}
