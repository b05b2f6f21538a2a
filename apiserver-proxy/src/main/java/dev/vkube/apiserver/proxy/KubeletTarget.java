package dev.vkube.apiserver.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Streams served by the kubelet of the pod's node, over HTTPS with the API server's kubelet client
 * certificate (kubeadm's apiserver-kubelet-client). The node's address is its InternalIP, else its
 * Hostname; the port its status.daemonEndpoints.kubeletEndpoint.Port, 10250 when unset
 * (pkg/kubelet/client/kubelet_client.go GetConnectionInfo). Upstream tries Hostname first; vkube's
 * nodes (simulated, or joined over a tunnel) have names that need not resolve, so InternalIP wins.
 */
public final class KubeletTarget implements StreamTarget {
  static final int DEFAULT_KUBELET_PORT = 10250;
  private static final List<String> ADDRESS_TYPES = List.of("InternalIP", "Hostname");

  private final Function<String, CompletionStage<ObjectNode>> nodes;
  private final UpstreamTls tls;

  /**
   * @param nodes reads a Node by name (404 when it is gone)
   * @param tls the kubelet client certificate and whom to trust as kubelets
   */
  public KubeletTarget(Function<String, CompletionStage<ObjectNode>> nodes, UpstreamTls tls) {
    this.nodes = nodes;
    this.tls = tls;
  }

  @Override
  public CompletionStage<Upstream> locate(PodStream stream, ObjectNode pod, String container, StreamQuery query) {
    String nodeName = pod.path("spec").path("nodeName").asText();
    return nodes.apply(nodeName).thenApply(node -> new Upstream(address(node), port(node),
        KubeletPaths.path(stream, pod.path("metadata").path("namespace").asText(),
            pod.path("metadata").path("name").asText(), container, query), tls));
  }

  static String address(JsonNode node) {
    for (String type : ADDRESS_TYPES) {
      for (JsonNode address : node.path("status").path("addresses")) {
        if (type.equals(address.path("type").asText()) && !address.path("address").asText().isEmpty()) {
          return address.path("address").asText();
        }
      }
    }
    throw ApiException.internal("no preferred addresses found; known addresses: "
        + node.path("status").path("addresses"));
  }

  static int port(JsonNode node) {
    int port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
    return port > 0 ? port : DEFAULT_KUBELET_PORT;
  }
}
