package dev.vkube.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Values an object of a resource holds exclusively across the whole cluster (a Service's ClusterIP and
 * node ports), as keys under the etcd prefix. The generic store writes them in the same transaction
 * as the object (taking new ones only if absent, deleting released ones), so two server replicas can
 * never both hand out a value (see storage.Claims); when another object got a key first, the store asks
 * the policy whether the client asked for that value (an error for the client) or the server chose it
 * (the write is admitted again and the allocator, which still marks the lost value, picks another).
 */
public interface ClaimPolicy {
  ClaimPolicy NONE = new ClaimPolicy() {
    @Override
    public Map<String, ObjectNode> heldBy(ObjectNode object) {
      return Map.of();
    }

    @Override
    public void lost(String key, ObjectNode requested) {}
  };

  /** Keys relative to the etcd prefix ({@code ipaddresses/10.96.0.10}), each with the value it records. */
  Map<String, ObjectNode> heldBy(ObjectNode object);

  /**
   * Another object holds {@code key}. Throws the ApiException the client gets when {@code requested}
   * (the object as the client sent it, before admission) asked for that value; returns to have the
   * write retried.
   */
  void lost(String key, ObjectNode requested);
}
