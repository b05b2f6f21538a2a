package dev.vkube.apiserver.proxy;

import java.util.Arrays;
import java.util.Optional;

/**
 * The pod subresources that are not stored but streamed from where the pod runs, with the kubelet
 * API path each maps to (pkg/registry/core/pod/strategy.go: LogLocation, ExecLocation,
 * AttachLocation, PortForwardLocation).
 */
public enum PodStream {
  LOG("log", "containerLogs", true),
  EXEC("exec", "exec", true),
  ATTACH("attach", "attach", true),
  PORTFORWARD("portforward", "portForward", false);

  private final String subresource;
  private final String kubeletSegment;
  private final boolean perContainer;

  PodStream(String subresource, String kubeletSegment, boolean perContainer) {
    this.subresource = subresource;
    this.kubeletSegment = kubeletSegment;
    this.perContainer = perContainer;
  }

  public static Optional<PodStream> of(String group, String resource, String subresource) {
    if (!"".equals(group) || !"pods".equals(resource) || subresource == null) {
      return Optional.empty();
    }
    return Arrays.stream(values()).filter(s -> s.subresource.equals(subresource)).findFirst();
  }

  public String subresource() {
    return subresource;
  }

  /** The first path segment on the kubelet: /containerLogs, /exec, /attach, /portForward. */
  public String kubeletSegment() {
    return kubeletSegment;
  }

  /** Whether the kubelet path names a container (all but port-forward, which is per pod). */
  public boolean perContainer() {
    return perContainer;
  }

  /** exec, attach and port-forward switch protocols (WebSocket or SPDY); log is a plain GET. */
  public boolean upgrades() {
    return this != LOG;
  }
}
