package dev.vkube.syncer.policy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;

/**
 * What a tenant pod may not do on a shared host node (issue 6, "Isolation"): hostPath volumes,
 * hostNetwork/hostPID/hostIPC, privileged containers, added capabilities, host ports. Close to the
 * Baseline pod security level that vCluster's {@code policies.podSecurityStandard} enforces before
 * syncing (validate_pod_security.go). Pure; a per-cluster allowance by the host admin comes later.
 */
public final class IsolationPolicy {

  /** Every violation of {@code pod}, empty when it may run on the host. */
  public List<PolicyViolation> check(Pod pod) {
    List<PolicyViolation> out = new ArrayList<>();
    PodSpec spec = pod.getSpec();
    if (spec == null) {
      return out;
    }
    flag(out, spec.getHostNetwork(), "spec.hostNetwork", "host network is not allowed");
    flag(out, spec.getHostPID(), "spec.hostPID", "host PID namespace is not allowed");
    flag(out, spec.getHostIPC(), "spec.hostIPC", "host IPC namespace is not allowed");
    for (Volume volume : nonNull(spec.getVolumes())) {
      if (volume.getHostPath() != null) {
        out.add(new PolicyViolation("spec.volumes[" + volume.getName() + "].hostPath",
            "hostPath volumes are not allowed"));
      }
    }
    containers(out, "spec.initContainers", spec.getInitContainers());
    containers(out, "spec.containers", spec.getContainers());
    return out;
  }

  private static void containers(List<PolicyViolation> out, String path, List<Container> containers) {
    for (Container c : nonNull(containers)) {
      String at = path + "[" + c.getName() + "]";
      SecurityContext sc = c.getSecurityContext();
      if (sc != null) {
        flag(out, sc.getPrivileged(), at + ".securityContext.privileged", "privileged containers are not allowed");
        if (sc.getCapabilities() != null && !nonNull(sc.getCapabilities().getAdd()).isEmpty()) {
          out.add(new PolicyViolation(at + ".securityContext.capabilities.add",
              "added capabilities are not allowed: " + sc.getCapabilities().getAdd()));
        }
      }
      for (ContainerPort port : nonNull(c.getPorts())) {
        if (port.getHostPort() != null && port.getHostPort() != 0) {
          out.add(new PolicyViolation(at + ".ports.hostPort", "host ports are not allowed: " + port.getHostPort()));
        }
      }
    }
  }

  private static void flag(List<PolicyViolation> out, Boolean value, String field, String message) {
    if (Boolean.TRUE.equals(value)) {
      out.add(new PolicyViolation(field, message));
    }
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
