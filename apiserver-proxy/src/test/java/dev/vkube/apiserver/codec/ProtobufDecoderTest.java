package dev.vkube.apiserver.codec;

import static dev.vkube.apiserver.codec.ClientGoBodies.DECODER;
import static dev.vkube.apiserver.codec.ClientGoBodies.body;
import static dev.vkube.apiserver.codec.ClientGoBodies.goObjectMeta;
import static dev.vkube.apiserver.codec.ClientGoBodies.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.kubernetes.client.proto.IntStr.IntOrString;
import io.kubernetes.client.proto.Meta.FieldsV1;
import io.kubernetes.client.proto.Meta.LabelSelector;
import io.kubernetes.client.proto.Meta.ManagedFieldsEntry;
import io.kubernetes.client.proto.Meta.MicroTime;
import io.kubernetes.client.proto.Meta.Time;
import io.kubernetes.client.proto.Resource.Quantity;
import io.kubernetes.client.proto.Runtime.RawExtension;
import io.kubernetes.client.proto.V1.ConfigMap;
import io.kubernetes.client.proto.V1.ConfigMapVolumeSource;
import io.kubernetes.client.proto.V1.Container;
import io.kubernetes.client.proto.V1.ContainerPort;
import io.kubernetes.client.proto.V1.EventSource;
import io.kubernetes.client.proto.V1.HTTPGetAction;
import io.kubernetes.client.proto.V1.LocalObjectReference;
import io.kubernetes.client.proto.V1.Namespace;
import io.kubernetes.client.proto.V1.NamespaceSpec;
import io.kubernetes.client.proto.V1.NamespaceStatus;
import io.kubernetes.client.proto.V1.ObjectReference;
import io.kubernetes.client.proto.V1.Pod;
import io.kubernetes.client.proto.V1.PodSpec;
import io.kubernetes.client.proto.V1.PodTemplateSpec;
import io.kubernetes.client.proto.V1.Probe;
import io.kubernetes.client.proto.V1.ProbeHandler;
import io.kubernetes.client.proto.V1.ResourceRequirements;
import io.kubernetes.client.proto.V1.Secret;
import io.kubernetes.client.proto.V1.SecurityContext;
import io.kubernetes.client.proto.V1.Service;
import io.kubernetes.client.proto.V1.ServicePort;
import io.kubernetes.client.proto.V1.ServiceSpec;
import io.kubernetes.client.proto.V1.Volume;
import io.kubernetes.client.proto.V1.VolumeSource;
import io.kubernetes.client.proto.V1Apps.ControllerRevision;
import io.kubernetes.client.proto.V1Apps.Deployment;
import io.kubernetes.client.proto.V1Apps.DeploymentSpec;
import io.kubernetes.client.proto.V1Apps.DeploymentStrategy;
import io.kubernetes.client.proto.V1Apps.RollingUpdateDeployment;
import io.kubernetes.client.proto.V1Coordination.Lease;
import io.kubernetes.client.proto.V1Coordination.LeaseSpec;
import io.kubernetes.client.proto.V1Events.Event;
import org.junit.jupiter.api.Test;

/**
 * Objects built with the generated classes, framed as client-go frames them, decode to the JSON
 * Go's encoding/json writes for them. Zero-valued non-pointer fields are set explicitly because
 * Go's marshaller writes them (see {@link ClientGoBodies#goObjectMeta}).
 */
class ProtobufDecoderTest {
  private static final long JAN_2_2024_030405 = 1_704_164_645L;
  private static final String REVISION_PATCH =
      "{\"spec\":{\"template\":{\"$patch\":\"replace\","
          + "\"spec\":{\"containers\":[{\"name\":\"web\"}]}}}}";

  @Test
  void namespaceDropsTheZeroFieldsGoOmitsAndKeepsEmptyStructs() {
    Namespace namespace =
        Namespace.newBuilder()
            .setMetadata(goObjectMeta("", "payments").putLabels("team", "payments"))
            .setSpec(NamespaceSpec.getDefaultInstance())
            .setStatus(NamespaceStatus.newBuilder().setPhase(""))
            .build();

    assertEquals(
        json(
            """
            {"kind": "Namespace", "apiVersion": "v1",
             "metadata": {"name": "payments", "labels": {"team": "payments"}},
             "spec": {}, "status": {}}\
            """),
        DECODER.decode(body("v1", "Namespace", namespace)));
  }

  @Test
  void helmReleaseSecretHasBase64DataAndItsType() {
    Secret secret =
        Secret.newBuilder()
            .setMetadata(
                goObjectMeta("apps", "sh.helm.release.v1.web.v1")
                    .putLabels("owner", "helm")
                    .putLabels("status", "deployed"))
            .putData(
                "release",
                ByteString.copyFrom(new byte[] {0x1f, (byte) 0x8b, 0x08, 0x00, (byte) 0xff}))
            .setType("helm.sh/release.v1")
            .setImmutable(false)
            .build();

    assertEquals(
        json(
            """
            {"kind": "Secret", "apiVersion": "v1",
             "metadata": {"name": "sh.helm.release.v1.web.v1", "namespace": "apps",
                          "labels": {"owner": "helm", "status": "deployed"}},
             "immutable": false,
             "data": {"release": "H4sIAP8="},
             "type": "helm.sh/release.v1"}\
            """),
        DECODER.decode(body("v1", "Secret", secret)));
  }

  @Test
  void configMapKeepsDataBinaryDataAndManagedFields() {
    ConfigMap configMap =
        ConfigMap.newBuilder()
            .setMetadata(
                goObjectMeta("apps", "settings")
                    .addManagedFields(
                        ManagedFieldsEntry.newBuilder()
                            .setManager("kubectl-client-side-apply")
                            .setOperation("Update")
                            .setApiVersion("v1")
                            .setTime(Time.newBuilder().setSeconds(JAN_2_2024_030405))
                            .setFieldsType("FieldsV1")
                            .setFieldsV1(
                                FieldsV1.newBuilder()
                                    .setRaw(utf8("{\"f:data\":{\".\":{},\"f:mode\":{}}}")))
                            .setSubresource("")))
            .putData("mode", "fast")
            .putBinaryData("blob", ByteString.copyFrom(new byte[] {0, 1, (byte) 0xfe, (byte) 0xff}))
            .build();

    assertEquals(
        json(
            """
            {"kind": "ConfigMap", "apiVersion": "v1",
             "metadata": {"name": "settings", "namespace": "apps",
               "managedFields": [{"manager": "kubectl-client-side-apply", "operation": "Update",
                 "apiVersion": "v1", "time": "2024-01-02T03:04:05Z", "fieldsType": "FieldsV1",
                 "fieldsV1": {"f:data": {".": {}, "f:mode": {}}}}]},
             "data": {"mode": "fast"},
             "binaryData": {"blob": "AAH+/w=="}}\
            """),
        DECODER.decode(body("v1", "ConfigMap", configMap)));
  }

  @Test
  void deploymentKeepsPointersSetToZeroAndWritesQuantitiesAndIntOrStrings() {
    Container web =
        Container.newBuilder()
            .setName("web")
            .setImage("nginx:1.27")
            .setImagePullPolicy("")
            .setTty(false)
            .addPorts(
                ContainerPort.newBuilder().setContainerPort(8080).setProtocol("TCP").setHostPort(0))
            .setResources(
                ResourceRequirements.newBuilder()
                    .putRequests("cpu", quantity("250m"))
                    .putRequests("memory", quantity("64Mi"))
                    .putLimits("memory", quantity("128Mi")))
            .build();
    Deployment deployment =
        Deployment.newBuilder()
            .setMetadata(goObjectMeta("apps", "web"))
            .setSpec(
                DeploymentSpec.newBuilder()
                    .setReplicas(0)
                    .setSelector(LabelSelector.newBuilder().putMatchLabels("app", "web"))
                    .setTemplate(
                        PodTemplateSpec.newBuilder()
                            .setMetadata(goObjectMeta("", "").putLabels("app", "web"))
                            .setSpec(
                                PodSpec.newBuilder()
                                    .addContainers(web)
                                    .setRestartPolicy("")
                                    .setDnsPolicy("")))
                    .setStrategy(
                        DeploymentStrategy.newBuilder()
                            .setType("RollingUpdate")
                            .setRollingUpdate(
                                RollingUpdateDeployment.newBuilder()
                                    .setMaxUnavailable(intValue(0))
                                    .setMaxSurge(stringValue("25%"))))
                    .setMinReadySeconds(0)
                    .setRevisionHistoryLimit(0)
                    .setPaused(false))
            .build();

    assertEquals(
        json(
            """
            {"kind": "Deployment", "apiVersion": "apps/v1",
             "metadata": {"name": "web", "namespace": "apps"},
             "spec": {"replicas": 0,
               "selector": {"matchLabels": {"app": "web"}},
               "template": {"metadata": {"labels": {"app": "web"}},
                 "spec": {"containers": [{"name": "web", "image": "nginx:1.27",
                   "ports": [{"containerPort": 8080, "protocol": "TCP"}],
                   "resources": {"limits": {"memory": "128Mi"},
                                 "requests": {"cpu": "250m", "memory": "64Mi"}}}]}},
               "strategy": {"type": "RollingUpdate",
                            "rollingUpdate": {"maxUnavailable": 0, "maxSurge": "25%"}},
               "revisionHistoryLimit": 0}}\
            """),
        DECODER.decode(body("apps/v1", "Deployment", deployment)));
  }

  @Test
  void serviceTargetPortIsANumberOrAString() {
    Service service =
        Service.newBuilder()
            .setMetadata(goObjectMeta("apps", "web"))
            .setSpec(
                ServiceSpec.newBuilder()
                    .addPorts(
                        ServicePort.newBuilder()
                            .setName("http")
                            .setProtocol("TCP")
                            .setPort(80)
                            .setTargetPort(intValue(8080))
                            .setNodePort(0))
                    .addPorts(
                        ServicePort.newBuilder()
                            .setName("https")
                            .setProtocol("TCP")
                            .setPort(443)
                            .setTargetPort(stringValue("https"))
                            .setNodePort(0))
                    .putSelector("app", "web")
                    .setType("ClusterIP")
                    .setSessionAffinity(""))
            .build();

    assertEquals(
        json(
            """
            {"kind": "Service", "apiVersion": "v1",
             "metadata": {"name": "web", "namespace": "apps"},
             "spec": {"ports": [
                 {"name": "http", "protocol": "TCP", "port": 80, "targetPort": 8080},
                 {"name": "https", "protocol": "TCP", "port": 443, "targetPort": "https"}],
               "selector": {"app": "web"}, "type": "ClusterIP"}}\
            """),
        DECODER.decode(body("v1", "Service", service)));
  }

  @Test
  void podHasRfc3339TimesAndFlattensInlinedStructs() {
    Probe liveness =
        Probe.newBuilder()
            .setHandler(
                ProbeHandler.newBuilder()
                    .setHttpGet(
                        HTTPGetAction.newBuilder()
                            .setPath("/healthz")
                            .setPort(intValue(8080))
                            .setHost("")
                            .setScheme("")))
            .setInitialDelaySeconds(0)
            .setTimeoutSeconds(0)
            .setPeriodSeconds(10)
            .build();
    Volume config =
        Volume.newBuilder()
            .setName("config")
            .setVolumeSource(
                VolumeSource.newBuilder()
                    .setConfigMap(
                        ConfigMapVolumeSource.newBuilder()
                            .setLocalObjectReference(
                                LocalObjectReference.newBuilder().setName("settings"))
                            .setDefaultMode(420)))
            .build();
    Pod pod =
        Pod.newBuilder()
            .setMetadata(
                goObjectMeta("apps", "web-0")
                    .setCreationTimestamp(
                        Time.newBuilder().setSeconds(JAN_2_2024_030405).setNanos(123)))
            .setSpec(
                PodSpec.newBuilder()
                    .addVolumes(config)
                    .addContainers(
                        Container.newBuilder()
                            .setName("web")
                            .setImage("nginx")
                            .setLivenessProbe(liveness)
                            .setSecurityContext(
                                SecurityContext.newBuilder()
                                    .setAllowPrivilegeEscalation(false)
                                    .setRunAsNonRoot(true)))
                    .setTerminationGracePeriodSeconds(0))
            .build();

    assertEquals(
        json(
            """
            {"kind": "Pod", "apiVersion": "v1",
             "metadata": {"name": "web-0", "namespace": "apps",
                          "creationTimestamp": "2024-01-02T03:04:05Z"},
             "spec": {
               "volumes": [{"name": "config",
                            "configMap": {"name": "settings", "defaultMode": 420}}],
               "containers": [{"name": "web", "image": "nginx",
                 "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080},
                                   "periodSeconds": 10},
                 "securityContext": {"allowPrivilegeEscalation": false, "runAsNonRoot": true}}],
               "terminationGracePeriodSeconds": 0}}\
            """),
        DECODER.decode(body("v1", "Pod", pod)));
  }

  @Test
  void eventTimeIsMicroTimeAndAZeroTimeIsNull() {
    Event event =
        Event.newBuilder()
            .setMetadata(goObjectMeta("apps", "web-0.17a"))
            .setEventTime(
                MicroTime.newBuilder().setSeconds(JAN_2_2024_030405).setNanos(123_456_789))
            .setReportingController("vkube.dev/scheduler")
            .setReportingInstance("vkube-0")
            .setAction("Binding")
            .setReason("Scheduled")
            .setNote("assigned apps/web-0")
            .setType("Normal")
            .setRegarding(
                ObjectReference.newBuilder()
                    .setKind("Pod")
                    .setNamespace("apps")
                    .setName("web-0")
                    .setUid("")
                    .setApiVersion("v1")
                    .setResourceVersion("")
                    .setFieldPath(""))
            .setDeprecatedSource(EventSource.newBuilder().setComponent("").setHost(""))
            .setDeprecatedFirstTimestamp(Time.getDefaultInstance())
            .setDeprecatedLastTimestamp(Time.getDefaultInstance())
            .setDeprecatedCount(0)
            .build();

    assertEquals(
        json(
            """
            {"kind": "Event", "apiVersion": "events.k8s.io/v1",
             "metadata": {"name": "web-0.17a", "namespace": "apps"},
             "eventTime": "2024-01-02T03:04:05.123456Z",
             "reportingController": "vkube.dev/scheduler", "reportingInstance": "vkube-0",
             "action": "Binding", "reason": "Scheduled",
             "regarding": {"kind": "Pod", "namespace": "apps", "name": "web-0", "apiVersion": "v1"},
             "note": "assigned apps/web-0", "type": "Normal",
             "deprecatedSource": {},
             "deprecatedFirstTimestamp": null, "deprecatedLastTimestamp": null}\
            """),
        DECODER.decode(body("events.k8s.io/v1", "Event", event)));
  }

  @Test
  void leaderElectionLeaseHasMicroTimesAndZeroTransitions() {
    Lease lease =
        Lease.newBuilder()
            .setMetadata(goObjectMeta("kube-system", "vkube-scheduler"))
            .setSpec(
                LeaseSpec.newBuilder()
                    .setHolderIdentity("vkube-0_6f1c")
                    .setLeaseDurationSeconds(15)
                    .setAcquireTime(
                        MicroTime.newBuilder().setSeconds(JAN_2_2024_030405).setNanos(5_000))
                    .setRenewTime(MicroTime.newBuilder().setSeconds(JAN_2_2024_030405 + 5))
                    .setLeaseTransitions(0))
            .build();

    assertEquals(
        json(
            """
            {"kind": "Lease", "apiVersion": "coordination.k8s.io/v1",
             "metadata": {"name": "vkube-scheduler", "namespace": "kube-system"},
             "spec": {"holderIdentity": "vkube-0_6f1c", "leaseDurationSeconds": 15,
                      "acquireTime": "2024-01-02T03:04:05.000005Z",
                      "renewTime": "2024-01-02T03:04:10.000000Z",
                      "leaseTransitions": 0}}\
            """),
        DECODER.decode(body("coordination.k8s.io/v1", "Lease", lease)));
  }

  @Test
  void controllerRevisionDataIsTheEmbeddedJson() {
    ControllerRevision revision =
        ControllerRevision.newBuilder()
            .setMetadata(goObjectMeta("apps", "web-5d4f"))
            .setData(RawExtension.newBuilder().setRaw(utf8(REVISION_PATCH)))
            .setRevision(3)
            .build();

    assertEquals(
        json(
            """
            {"kind": "ControllerRevision", "apiVersion": "apps/v1",
             "metadata": {"name": "web-5d4f", "namespace": "apps"},
             "data": {"spec": {"template": {"$patch": "replace",
                                            "spec": {"containers": [{"name": "web"}]}}}},
             "revision": 3}\
            """),
        DECODER.decode(body("apps/v1", "ControllerRevision", revision)));
  }

  static ByteString utf8(String text) {
    return ByteString.copyFromUtf8(text);
  }

  private static Quantity quantity(String value) {
    return Quantity.newBuilder().setString(value).build();
  }

  private static IntOrString intValue(int value) {
    return IntOrString.newBuilder().setType(0).setIntVal(value).setStrVal("").build();
  }

  private static IntOrString stringValue(String value) {
    return IntOrString.newBuilder().setType(1).setIntVal(0).setStrVal(value).build();
  }
}
