package dev.vkube.apiserver.admission;

import static dev.vkube.apiserver.admission.AdmissionTesting.admit;
import static dev.vkube.apiserver.admission.AdmissionTesting.create;
import static dev.vkube.apiserver.admission.AdmissionTesting.json;
import static dev.vkube.apiserver.admission.AdmissionTesting.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.admission.serviceaccount.ServiceAccountAdmission;
import dev.vkube.apiserver.api.ApiException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Cases of plugin/pkg/admission/serviceaccount/admission_test.go, rewritten for vkube. */
class ServiceAccountAdmissionTest {
  private final Map<String, JsonNode> accounts = new HashMap<>();
  private final ServiceAccountAdmission plugin = new ServiceAccountAdmission((ns, name) -> accounts.get(ns + "/" + name),
      ns -> ns.equals("ns"), new Random(1));

  @Test
  void podWithoutAccountGetsDefaultAndTheProjectedTokenVolume() {
    accounts.put("ns/default", json("{'metadata':{'name':'default'}}"));
    ObjectNode pod = pod("p", "{}");
    admit(plugin, create("", "pods", "ns", pod));
    JsonNode spec = pod.path("spec");
    assertEquals("default", spec.path("serviceAccountName").asText());
    assertEquals("default", spec.path("serviceAccount").asText());
    JsonNode volume = spec.path("volumes").get(0);
    assertTrue(volume.path("name").asText().matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}"));
    assertEquals(json("{'sources':[{'serviceAccountToken':{'expirationSeconds':3607,'path':'token'}},"
        + "{'configMap':{'name':'kube-root-ca.crt','items':[{'key':'ca.crt','path':'ca.crt'}]}},"
        + "{'downwardAPI':{'items':[{'path':'namespace','fieldRef':{'apiVersion':'v1',"
        + "'fieldPath':'metadata.namespace'}}]}}],'defaultMode':420}"), volume.path("projected"));
    assertEquals(json("{'name':'" + volume.path("name").asText() + "','readOnly':true,"
        + "'mountPath':'/var/run/secrets/kubernetes.io/serviceaccount'}"),
        spec.path("containers").get(0).path("volumeMounts").get(0));
  }

  @Test
  void automountFalseOnPodOrAccountMountsNothing() {
    accounts.put("ns/quiet", json("{'metadata':{'name':'quiet'},'automountServiceAccountToken':false}"));
    ObjectNode byAccount = pod("a", "{}");
    byAccount.with("spec").put("serviceAccountName", "quiet");
    admit(plugin, create("", "pods", "ns", byAccount));
    assertFalse(byAccount.path("spec").has("volumes"));

    ObjectNode byPod = pod("b", "{}");
    byPod.with("spec").put("automountServiceAccountToken", false);
    admit(plugin, create("", "pods", "ns", byPod));
    assertFalse(byPod.path("spec").has("volumes"));
  }

  @Test
  void podChoiceWinsOverAccount() {
    accounts.put("ns/quiet", json("{'metadata':{'name':'quiet'},'automountServiceAccountToken':false}"));
    ObjectNode pod = pod("a", "{}");
    pod.with("spec").put("serviceAccountName", "quiet").put("automountServiceAccountToken", true);
    admit(plugin, create("", "pods", "ns", pod));
    assertEquals(1, pod.path("spec").path("volumes").size());
  }

  @Test
  void missingNamedAccountIsForbidden() {
    ObjectNode pod = pod("p", "{}");
    pod.with("spec").put("serviceAccountName", "robot");
    ApiException e = assertThrows(ApiException.class, () -> admit(plugin, create("", "pods", "ns", pod)));
    assertEquals(403, e.code());
    assertEquals("pods \"p\" is forbidden: error looking up service account ns/robot: serviceaccount \"robot\" "
        + "not found", e.getMessage());
  }

  @Test
  void containerAlreadyMountingThePathIsLeftAlone() {
    ObjectNode pod = json("{'metadata':{'name':'p'},'spec':{'containers':[{'name':'a','image':'x','volumeMounts':"
        + "[{'name':'mine','mountPath':'/var/run/secrets/kubernetes.io/serviceaccount'}]},{'name':'b','image':'x'}],"
        + "'volumes':[{'name':'mine','emptyDir':{}}]}}");
    admit(plugin, create("", "pods", "ns", pod));
    assertEquals(1, pod.path("spec").path("containers").get(0).path("volumeMounts").size());
    assertEquals(1, pod.path("spec").path("containers").get(1).path("volumeMounts").size());
    assertEquals(2, pod.path("spec").path("volumes").size());
  }

  @Test
  void initContainersMountTooAndPullSecretsComeFromTheAccount() {
    accounts.put("ns/default", json("{'metadata':{'name':'default'},'imagePullSecrets':[{'name':'reg'}]}"));
    ObjectNode pod = json("{'metadata':{'name':'p'},'spec':{'initContainers':[{'name':'i','image':'x'}],"
        + "'containers':[{'name':'c','image':'x'}]}}");
    admit(plugin, create("", "pods", "ns", pod));
    assertEquals(1, pod.path("spec").path("initContainers").get(0).path("volumeMounts").size());
    assertEquals("reg", pod.path("spec").path("imagePullSecrets").get(0).path("name").asText());
  }

  @Test
  void mirrorPodsMayNotReferenceAccounts() {
    ObjectNode pod = pod("p", "{}");
    pod.with("metadata").with("annotations").put("kubernetes.io/config.mirror", "x");
    pod.with("spec").put("serviceAccountName", "default");
    ApiException e = assertThrows(ApiException.class, () -> admit(plugin, create("", "pods", "ns", pod)));
    assertEquals("pods \"p\" is forbidden: a mirror pod may not reference service accounts", e.getMessage());
  }
}
