package dev.vkube.apiserver.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Keys outside an object that the object holds exclusively (a Service's ClusterIP and node ports),
 * written in the same etcd transaction as the object, so a claim is durable and exclusive the moment
 * the write is acknowledged, whichever server replica made it. Upstream gets the same exclusivity from
 * one IPAddress object per ClusterIP (pkg/registry/core/service/ipallocator/ipallocator.go, create
 * fails if present) and a compare-and-swap on the node port bitmap (storage/alloc.go
 * GuaranteedUpdate); doing it in the object's own transaction needs no rollback when the write fails.
 */
@FunctionalInterface
public interface Claims {
  Claims NONE = object -> Map.of();

  /** The full etcd keys {@code object} holds and the value each records (its owner). */
  Map<String, ObjectNode> heldBy(ObjectNode object);

  /** What writing {@code next} over {@code old} (either may be null) takes and releases. */
  default Change change(ObjectNode old, ObjectNode next) {
    Map<String, ObjectNode> before = old == null ? Map.of() : heldBy(old);
    Map<String, ObjectNode> after = next == null ? Map.of() : heldBy(next);
    if (before.isEmpty() && after.isEmpty()) {
      return Change.NONE;
    }
    Map<String, ObjectNode> take = new HashMap<>(after);
    take.keySet().removeAll(before.keySet());
    Set<String> release = new HashSet<>(before.keySet());
    release.removeAll(after.keySet());
    return new Change(Map.copyOf(take), Set.copyOf(release));
  }

  /**
   * Keys to create (the write fails with {@code CLAIM_TAKEN} if one exists) and keys to delete. A key
   * both states hold is left alone: it was taken when the object first claimed it.
   */
  record Change(Map<String, ObjectNode> take, Set<String> release) {
    public static final Change NONE = new Change(Map.of(), Set.of());

    public boolean isEmpty() {
      return take.isEmpty() && release.isEmpty();
    }
  }
}
