package dev.vkube.syncer.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The virtual cluster's view of a host node that runs tenant pods, pure. By default a fake node as
 * vCluster makes it (pkg/controllers/resources/nodes/fake_syncer.go: 16 CPU, 32Gi, 100Gi ephemeral
 * storage, 110 pods, healthy conditions, kubelet v1.19.1, "Fake Kubernetes Image", label
 * {@value #FAKE_LABEL}); with real node sync, the host node's labels, spec and status (images cleared,
 * as vCluster's clearImageStatus). Either way marked {@value #SYNCED_LABEL} so that only nodes the
 * syncer made are ever removed.
 */
public final class NodeTranslator {
  public static final String FAKE_LABEL = "vcluster.loft.sh/fake-node";
  public static final String SYNCED_LABEL = "vkube.dev/synced-node";
  static final String FAKE_KUBELET_VERSION = "v1.19.1";
  static final String FAKE_OS_IMAGE = "Fake Kubernetes Image";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  public Node fake(String name, String now) {
    Map<String, Quantity> resources = Map.of("cpu", new Quantity("16"), "memory", new Quantity("32Gi"),
        "ephemeral-storage", new Quantity("100Gi"), "pods", new Quantity("110"));
    return new NodeBuilder().withNewMetadata().withName(name)
        .withLabels(Map.of(FAKE_LABEL, "true", SYNCED_LABEL, "true", "kubernetes.io/hostname", "fake-" + name,
            "kubernetes.io/os", "linux", "kubernetes.io/arch", "amd64", "beta.kubernetes.io/os", "linux",
            "beta.kubernetes.io/arch", "amd64"))
        .endMetadata()
        .withNewSpec().endSpec()
        .withNewStatus()
        .withCapacity(resources).withAllocatable(resources)
        .withConditions(healthy(now))
        .addNewAddress().withType("Hostname").withAddress(name + ".nodes.vcluster.com").endAddress()
        .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(10250).endKubeletEndpoint().endDaemonEndpoints()
        .withNewNodeInfo().withArchitecture("amd64").withOperatingSystem("linux").withKubeletVersion(FAKE_KUBELET_VERSION)
        .withKubeProxyVersion(FAKE_KUBELET_VERSION).withOsImage(FAKE_OS_IMAGE).withKernelVersion("4.19.76-fakekernel")
        .withContainerRuntimeVersion("docker://19.3.12").withMachineID(name).withSystemUUID(name).withBootID(name)
        .endNodeInfo()
        .endStatus().build();
  }

  /** The host node's data under its own name: labels, spec and status, without images or identity. */
  public Node fromHost(Node host) {
    Node copy = SERIALIZATION.clone(host);
    Map<String, String> labels = new LinkedHashMap<>(copy.getMetadata().getLabels() == null ? Map.of()
        : copy.getMetadata().getLabels());
    labels.put(SYNCED_LABEL, "true");
    NodeStatus status = copy.getStatus();
    if (status != null) {
      status.setImages(null);
      status.setVolumesAttached(null);
      status.setVolumesInUse(null);
    }
    return new NodeBuilder().withNewMetadata().withName(host.getMetadata().getName()).withLabels(labels)
        .endMetadata().withSpec(copy.getSpec()).withStatus(status).build();
  }

  /** Whether the virtual node needs an update to match the desired one (labels, spec, status). */
  public boolean differs(Node desired, Node actual) {
    return !java.util.Objects.equals(desired.getMetadata().getLabels(), actual.getMetadata().getLabels())
        || !java.util.Objects.equals(desired.getSpec(), actual.getSpec())
        || !sameStatusIgnoringHeartbeats(desired.getStatus(), actual.getStatus());
  }

  private static boolean sameStatusIgnoringHeartbeats(NodeStatus desired, NodeStatus actual) {
    if (desired == null || actual == null) {
      return desired == actual;
    }
    NodeStatus a = SERIALIZATION.clone(desired);
    NodeStatus b = SERIALIZATION.clone(actual);
    for (NodeStatus s : List.of(a, b)) {
      if (s.getConditions() != null) {
        s.getConditions().forEach(c -> {
          c.setLastHeartbeatTime(null);
          c.setLastTransitionTime(null);
        });
      }
    }
    return a.equals(b);
  }

  private static List<NodeCondition> healthy(String now) {
    return List.of(condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now),
        condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available",
            now),
        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
        condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now));
  }

  private static NodeCondition condition(String type, String status, String reason, String message, String now) {
    return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastHeartbeatTime(now).withLastTransitionTime(now).build();
  }
}
