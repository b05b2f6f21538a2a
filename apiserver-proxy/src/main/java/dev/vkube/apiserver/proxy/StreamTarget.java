package dev.vkube.apiserver.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletionStage;

/**
 * Where a virtual pod's log, exec, attach and port-forward streams are served: the kubelet of its
 * node ({@link KubeletTarget}), or the host cluster's API for the pod the syncer made of it
 * ({@link HostApiTarget}). Pure resolution; the bytes are moved by {@link PodStreamProxy}.
 */
public interface StreamTarget {

  /**
   * @param pod the virtual pod, already validated (scheduled, container known)
   * @param container the container (null for port-forward)
   * @param query the client's query parameters, as sent
   */
  CompletionStage<Upstream> locate(PodStream stream, ObjectNode pod, String container, StreamQuery query);
}
