package dev.vkube.syncer.nodes;

import dev.vkube.controller.Result;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
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
  /**
   * Pods (namespace/name to UID) bound by this syncer whose binding the informer has not shown yet: a
   * reconcile on the stale cached pod (the host pod's next status came first) would bind again and
   * get 409, half a wasted request per pod in sync-bench. Emptied as the cache catches up.
   */
  private final Map<String, String> bound = new ConcurrentHashMap<>();

  public VirtualBinding(KubernetesClient virtual, SharedIndexInformer<Node> virtualNodes, Consumer<String> nodeNeeded) {
    this.virtual = virtual;
    this.virtualNodes = virtualNodes;
    this.nodeNeeded = nodeNeeded;
  }

  public Result bind(Pod v, Pod h) {
    String node = h.getSpec().getNodeName();
    String key = v.getMetadata().getNamespace() + "/" + v.getMetadata().getName();
    if (v.getSpec().getNodeName() != null && !v.getSpec().getNodeName().isEmpty()) {
      bound.remove(key);
      return Result.done();
    }
    if (node == null || node.isEmpty() || Objects.equals(bound.get(key), v.getMetadata().getUid())) {
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
    if (v.getMetadata().getUid() != null) {
      bound.put(key, v.getMetadata().getUid());
    }
    return Result.done();
  }

  /** The pod is gone or going: nothing of its binding is awaited any more. */
  public void forget(String namespace, String name) {
    bound.remove(namespace + "/" + name);
  }
}
