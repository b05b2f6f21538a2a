package dev.vkube.apiserver.admission;

import static dev.vkube.apiserver.admission.AdmissionTesting.admit;
import static dev.vkube.apiserver.admission.AdmissionTesting.create;
import static dev.vkube.apiserver.admission.AdmissionTesting.json;
import static dev.vkube.apiserver.admission.AdmissionTesting.update;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.admission.podsecurity.LevelVersion;
import dev.vkube.apiserver.admission.podsecurity.Level;
import dev.vkube.apiserver.admission.podsecurity.PodChecks;
import dev.vkube.apiserver.admission.podsecurity.PodSecurityAdmission;
import dev.vkube.apiserver.admission.podsecurity.Violation;
import dev.vkube.apiserver.api.ApiException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cases of pod-security-admission policy/*_test.go and admission_test.go, rewritten for vkube. */
class PodSecurityAdmissionTest {
  private final Map<String, JsonNode> namespaces = new HashMap<>();
  private final List<ObjectNode> existingPods = new java.util.ArrayList<>();
  private final PodSecurityAdmission plugin = new PodSecurityAdmission(namespaces::get, ns -> existingPods);

  private void namespace(String labels) {
    namespaces.put("ns", json("{'metadata':{'name':'ns','labels':" + labels + "}}"));
  }

  private static ObjectNode pod(String spec) {
    return json("{'metadata':{'name':'p','namespace':'ns'},'spec':" + spec + "}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "privileged pod, restricted | restricted | {'containers':[{'name':'c','image':'x','securityContext':"
          + "{'privileged':true}}]} | privileged (container \"c\" must not set securityContext.privileged=true), "
          + "allowPrivilegeEscalation != false (container \"c\" must set securityContext.allowPrivilegeEscalation=false), "
          + "unrestricted capabilities (container \"c\" must set securityContext.capabilities.drop=[\"ALL\"]), "
          + "runAsNonRoot != true (pod or container \"c\" must set securityContext.runAsNonRoot=true), "
          + "seccompProfile (pod or container \"c\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" "
          + "or \"Localhost\")",
      "host namespaces | baseline | {'hostNetwork':true,'hostPID':true,'hostIPC':true,'containers':[{'name':'c',"
          + "'image':'x'}]} | host namespaces (hostNetwork=true, hostPID=true, hostIPC=true)",
      "host ports | baseline | {'containers':[{'name':'a','image':'x','ports':[{'containerPort':80,'hostPort':80}]},"
          + "{'name':'b','image':'x','ports':[{'containerPort':81,'hostPort':8080}]}]} "
          + "| hostPort (containers \"a\", \"b\" use hostPorts 80, 8080)",
      "hostPath | baseline | {'containers':[{'name':'c','image':'x'}],'volumes':[{'name':'h','hostPath':"
          + "{'path':'/'}}]} | hostPath volumes (volume \"h\")",
      "hostPath restricted | restricted | {'securityContext':{'runAsNonRoot':true,'seccompProfile':{'type':"
          + "'RuntimeDefault'}},'containers':[{'name':'c','image':'x','securityContext':{'allowPrivilegeEscalation':"
          + "false,'capabilities':{'drop':['ALL']}}}],'volumes':[{'name':'h','hostPath':{'path':'/'}},"
          + "{'name':'t','emptyDir':{}}]} | restricted volume types (volume \"h\" uses restricted volume type \"hostPath\")",
      "capabilities baseline | baseline | {'containers':[{'name':'c','image':'x','securityContext':{'capabilities':"
          + "{'add':['NET_ADMIN','CHOWN','SYS_TIME']}}}]} | non-default capabilities (container \"c\" must not include "
          + "\"NET_ADMIN\", \"SYS_TIME\" in securityContext.capabilities.add)",
      "sysctls | baseline | {'securityContext':{'sysctls':[{'name':'kernel.msgmax','value':'1'},{'name':"
          + "'net.ipv4.tcp_syncookies','value':'1'}]},'containers':[{'name':'c','image':'x'}]} "
          + "| forbidden sysctls (kernel.msgmax)",
      "runAsUser 0 | restricted | {'securityContext':{'runAsNonRoot':true,'runAsUser':0,'seccompProfile':{'type':"
          + "'Localhost','localhostProfile':'p'}},'containers':[{'name':'c','image':'x','securityContext':"
          + "{'allowPrivilegeEscalation':false,'capabilities':{'drop':['ALL'],'add':['NET_BIND_SERVICE']}}}]} "
          + "| runAsUser=0 (pod must not set runAsUser=0)",
      "seccomp unconfined | baseline | {'securityContext':{'seccompProfile':{'type':'Unconfined'}},'containers':"
          + "[{'name':'c','image':'x'}]} | seccompProfile (pod must not set securityContext.seccompProfile.type to "
          + "\"Unconfined\")",
      "selinux | baseline | {'containers':[{'name':'c','image':'x','securityContext':{'seLinuxOptions':{'type':'spc_t',"
          + "'user':'u'}}}]} | seLinuxOptions (container \"c\" set forbidden securityContext.seLinuxOptions: type "
          + "\"spc_t\"; user may not be set)",
      "probe host | baseline | {'containers':[{'name':'c','image':'x','livenessProbe':{'httpGet':{'host':'1.2.3.4',"
          + "'port':80}}}]} | probe or lifecycle host (container \"c\" uses probe or lifecycle host \"1.2.3.4\")"})
  void violationsCarryUpstreamText(String name, String level, String spec, String expected) {
    List<Violation> violations = PodChecks.evaluate(new LevelVersion(Level.valueOf(level.toUpperCase()),
        LevelVersion.LATEST), json("{}"), json("{'s':" + spec + "}").get("s"));
    assertEquals(expected, Violation.describe(violations));
  }

  @Test
  void restrictedCompliantPodPasses() {
    String spec = "{'securityContext':{'runAsNonRoot':true,'seccompProfile':{'type':'RuntimeDefault'}},"
        + "'containers':[{'name':'c','image':'x','securityContext':{'allowPrivilegeEscalation':false,"
        + "'capabilities':{'drop':['ALL']}}}],'volumes':[{'name':'kube-api-access-abcde','projected':{}}]}";
    assertEquals(List.of(), PodChecks.evaluate(new LevelVersion(Level.RESTRICTED, LevelVersion.LATEST), json("{}"),
        json("{'s':" + spec + "}").get("s")));
  }

  @Test
  void hostProbeCheckStartsAtVersion134() {
    JsonNode spec = json("{'s':{'containers':[{'name':'c','image':'x','readinessProbe':{'tcpSocket':{'host':'h',"
        + "'port':1}}}]}}").get("s");
    assertEquals(List.of(), PodChecks.evaluate(new LevelVersion(Level.BASELINE, 33), json("{}"), spec));
    assertEquals(1, PodChecks.evaluate(new LevelVersion(Level.BASELINE, 34), json("{}"), spec).size());
  }

  @Test
  void enforceRefusesWithTheLevelAndVersion() {
    namespace("{'pod-security.kubernetes.io/enforce':'baseline','pod-security.kubernetes.io/enforce-version':'v1.30'}");
    ApiException e = assertThrows(ApiException.class, () -> admit(plugin, create("", "pods", "ns",
        pod("{'hostNetwork':true,'containers':[{'name':'c','image':'x'}]}"))));
    assertEquals(403, e.code());
    assertEquals("pods \"p\" is forbidden: violates PodSecurity \"baseline:v1.30\": host namespaces (hostNetwork=true)",
        e.getMessage());
  }

  @Test
  void warnAddsAWarningAndAdmits() {
    namespace("{'pod-security.kubernetes.io/warn':'baseline'}");
    AdmissionRequest request = create("", "pods", "ns", pod("{'hostPID':true,'containers':[{'name':'c','image':'x'}]}"));
    admit(plugin, request);
    assertEquals(List.of("would violate PodSecurity \"baseline:latest\": host namespaces (hostPID=true)"),
        request.warnings().texts());
  }

  @Test
  void enforceImpliesWarnAtTheSameLevel() {
    namespace("{'pod-security.kubernetes.io/enforce':'baseline'}");
    AdmissionRequest request = create("apps", "deployments", "ns", json("{'metadata':{'name':'d'},'spec':{'template':"
        + "{'spec':{'hostIPC':true,'containers':[{'name':'c','image':'x'}]}}}}"));
    admit(plugin, request);
    assertEquals(List.of("would violate PodSecurity \"baseline:latest\": host namespaces (hostIPC=true)"),
        request.warnings().texts());
  }

  @Test
  void cronJobTemplatesAreWarnedAbout() {
    namespace("{'pod-security.kubernetes.io/warn':'restricted','pod-security.kubernetes.io/enforce':'privileged'}");
    AdmissionRequest request = create("batch", "cronjobs", "ns", json("{'metadata':{'name':'cj'},'spec':{'jobTemplate':"
        + "{'spec':{'template':{'spec':{'containers':[{'name':'c','image':'x','securityContext':{'runAsUser':0}}]}}}}}}"));
    admit(plugin, request);
    assertEquals(1, request.warnings().texts().size());
  }

  @Test
  void invalidLabelsAreRefusedOnNamespaceCreate() {
    ObjectNode ns = json("{'metadata':{'name':'x','labels':{'pod-security.kubernetes.io/enforce':'strict'}}}");
    ApiException e = assertThrows(ApiException.class, () -> admit(plugin, create("", "namespaces", null, ns)));
    assertEquals(422, e.code());
    assertEquals("Namespace \"x\" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "
        + "\"strict\": must be one of privileged, baseline, restricted", e.getMessage());
  }

  @Test
  void tighteningEnforceWarnsAboutExistingPods() {
    existingPods.add(json("{'metadata':{'name':'b'},'spec':{'hostNetwork':true,'containers':[{'name':'c',"
        + "'image':'x'}]}}"));
    existingPods.add(json("{'metadata':{'name':'a'},'spec':{'hostNetwork':true,'containers':[{'name':'c',"
        + "'image':'x'}]}}"));
    ObjectNode old = json("{'metadata':{'name':'ns'}}");
    ObjectNode next = json("{'metadata':{'name':'ns','labels':{'pod-security.kubernetes.io/enforce':'baseline'}}}");
    AdmissionRequest request = update("", "namespaces", null, next, old);
    admit(plugin, request);
    assertEquals(List.of("existing pods in namespace \"ns\" violate the new PodSecurity enforce level "
        + "\"baseline:latest\"", "a (and 1 other pod): host namespaces"), request.warnings().texts());
  }

  @Test
  void unlabelledNamespaceAllowsAnything() {
    namespace("{}");
    assertDoesNotThrow(() -> admit(plugin, create("", "pods", "ns", pod("{'hostNetwork':true,'containers':"
        + "[{'name':'c','image':'x','securityContext':{'privileged':true}}]}"))));
  }
}
