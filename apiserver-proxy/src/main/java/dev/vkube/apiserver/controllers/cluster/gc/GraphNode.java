package dev.vkube.apiserver.controllers.cluster.gc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.registry.ResourceDefinition;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the garbage collector remembers of one object (garbagecollector/graph.go node): identity,
 * owners, and whether it is being deleted and with which propagation finalizers.
 */
public record GraphNode(ResourceDefinition definition, String namespace, String name, String uid,
    List<OwnerRef> owners, boolean deleting, Set<String> finalizers) {
  public static final String ORPHAN = "orphan";
  public static final String FOREGROUND = "foregroundDeletion";

  public static GraphNode of(ResourceDefinition definition, JsonNode object) {
    Set<String> finalizers = new TreeSet<>();
    object.path("metadata").path("finalizers").forEach(f -> finalizers.add(f.asText()));
    return new GraphNode(definition, Meta.namespace(object), Meta.name(object), Meta.uid(object),
        OwnerRef.of(object), Meta.deleting(object), Set.copyOf(finalizers));
  }

  /** Foreground deletion in progress: the object waits for its blocking dependents to go. */
  public boolean deletingDependents() {
    return deleting && finalizers.contains(FOREGROUND);
  }

  public boolean orphaningDependents() {
    return deleting && finalizers.contains(ORPHAN);
  }

  public OwnerRef refTo(String ownerUid) {
    return owners.stream().filter(o -> o.uid().equals(ownerUid)).findFirst().orElse(null);
  }

  @Override
  public String toString() {
    return definition.groupResource() + " " + (namespace == null ? "" : namespace + "/") + name + " uid=" + uid;
  }
}
