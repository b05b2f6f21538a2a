package dev.vkube.apiserver.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * Shared nodes: a virtual pod runs as a host pod the syncer created, so its streams are the same
 * subresource of that pod on the host API, with the syncer's host credentials (vCluster's
 * pkg/server/filters/redirect.go does the same). The client's options pass through unchanged; the
 * host API server validates them again and connects to its kubelet.
 */
public final class HostApiTarget implements StreamTarget {
  private final HostApi host;
  private final BiFunction<String, String, HostPodName> translate;

  /**
   * @param translate virtual namespace and name to the host pod's (the syncer's name translation)
   */
  public HostApiTarget(HostApi host, BiFunction<String, String, HostPodName> translate) {
    this.host = host;
    this.translate = translate;
  }

  @Override
  public CompletionStage<Upstream> locate(PodStream stream, ObjectNode pod, String container, StreamQuery query) {
    HostPodName hostPod = translate.apply(pod.path("metadata").path("namespace").asText(),
        pod.path("metadata").path("name").asText());
    return CompletableFuture.completedFuture(new Upstream(host.server().getHost(), port(), basePath()
        + path(stream, hostPod, query), host.tls()));
  }

  static String path(PodStream stream, HostPodName pod, StreamQuery query) {
    String encoded = query.encode();
    return "/api/v1/namespaces/" + pod.namespace() + "/pods/" + pod.name() + "/" + stream.subresource()
        + (encoded.isEmpty() ? "" : "?" + encoded);
  }

  /** A server URL may carry a path (a proxy in front of the host API): requests go below it. */
  private String basePath() {
    String path = host.server().getRawPath();
    return path == null ? "" : path.replaceAll("/+$", "");
  }

  private int port() {
    return host.server().getPort() > 0 ? host.server().getPort() : 443;
  }
}
