package dev.vkube.syncer.nodes;

import dev.vkube.controller.Result;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Once the host scheduler has placed a host pod, its virtual pod is bound to the same node name
 * through the virtual cluster's pods/binding, after the virtual node exists (vCluster's
 * assignNodeToPod after ensureNode, pods/syncer.go). A pod the tenant pinned to a node keeps it.
 */
public final class VirtualBinding {
  static final Duration WAIT_FOR_NODE = Duration.ofMillis(200);

  private final KubernetesClient virtual;
  private final SharedIndexInformer<Node> virtualNodes;
  private final Consumer<String> nodeNeeded;

  public VirtualBinding(KubernetesClient virtual, SharedIndexInformer<Node> virtualNodes, Consumer<String> nodeNeeded) {
    this.virtual = virtual;
    this.virtualNodes = virtualNodes;
    this.nodeNeeded = nodeNeeded;
  }

  public Result bind(Pod v, Pod h) {
    String node = h.getSpec().getNodeName();
    if (node == null || node.isEmpty() || (v.getSpec().getNodeName() != null && !v.getSpec().getNodeName().isEmpty())) {
      return Result.done();
    }
    if (virtualNodes.getStore().getByKey(node) == null) {
      nodeNeeded.accept(node);
      return Result.after(WAIT_FOR_NODE);
    }
    try {
      virtual.bindings().inNamespace(v.getMetadata().getNamespace()).resource(new BindingBuilder().withNewMetadata()
          .withName(v.getMetadata().getName()).withUid(v.getMetadata().getUid()).endMetadata()
          .withNewTarget().withApiVersion("v1").withKind("Node").withName(node).endTarget().build()).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // 409: bound meanwhile, or a newer pod under the same name; the next event reconciles again.
    }
    return Result.done();
  }
}
