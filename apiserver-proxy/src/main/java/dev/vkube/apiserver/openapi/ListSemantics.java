package dev.vkube.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.vkube.apiserver.patch.MergeKeys;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The list extensions of built-in fields: {@code x-kubernetes-patch-merge-key},
 * {@code x-kubernetes-patch-strategy}, {@code x-kubernetes-list-type} and
 * {@code x-kubernetes-list-map-keys}, as kube-openapi writes them from the {@code patchStrategy} /
 * {@code patchMergeKey} tags and the {@code +listType} / {@code +listMapKey} markers.
 *
 * <p>Which lists merge comes from {@link MergeKeys}, the table the strategic merge patch uses, so the
 * OpenAPI and the server agree. MergeKeys answers by path (a Container's {@code ports} merge, a
 * Service's by port), while a definition is shared by every path reaching it; so each kind's message
 * tree is walked once and a field takes the key of the paths that reach it.
 */
final class ListSemantics {
  /** Map lists keyed by more than their merge key (k8s.io/api core/v1 types.go markers). */
  private static final Map<String, String> SECOND_MAP_KEY = Map.of(
      "k8s.io.api.core.v1.Container.ports", "protocol",
      "k8s.io.api.core.v1.EphemeralContainerCommon.ports", "protocol",
      "k8s.io.api.core.v1.ServiceSpec.ports", "protocol",
      "k8s.io.api.core.v1.PodSpec.topologySpreadConstraints", "whenUnsatisfiable");

  /** Lists with {@code patchStrategy:"merge,retainKeys"}. */
  private static final Set<String> RETAIN_KEYS = Set.of(
      "k8s.io.api.core.v1.PodSpec.volumes",
      "k8s.io.api.core.v1.PodSpec.resourceClaims",
      "k8s.io.api.core.v1.PodStatus.resourceClaimStatuses");

  /** Merging lists that are nevertheless {@code +listType=atomic}. */
  private static final Set<String> ATOMIC = Set.of("k8s.io.api.batch.v1.JobStatus.conditions");

  private final ProtoTypes types;
  private final Map<FieldDescriptor, String> mergeKeys = new HashMap<>();
  private final Set<String> kindsWalked = new HashSet<>();

  ListSemantics(ProtoTypes types) {
    this.types = types;
  }

  /** Learns the merge keys below one kind's message (once per kind; not thread-safe). */
  void addKind(String kind, Descriptor message) {
    if (kindsWalked.add(kind + "/" + message.getFullName())) {
      walk(kind, message, "", new HashSet<>());
    }
  }

  /** Adds the list extensions of a repeated field to its array schema, if it merges. */
  void annotate(FieldDescriptor field, ObjectNode arraySchema) {
    String key = mergeKeys.get(field);
    String name = field.getFullName();
    if (key == null) {
      return;
    } else if (key.equals(MergeKeys.PRIMITIVE_SET)) {
      arraySchema.put("x-kubernetes-list-type", "set");
      arraySchema.put("x-kubernetes-patch-strategy", "merge");
      return;
    }
    if (ATOMIC.contains(name)) {
      arraySchema.put("x-kubernetes-list-type", "atomic");
    } else {
      var keys = arraySchema.putArray("x-kubernetes-list-map-keys").add(key);
      if (SECOND_MAP_KEY.containsKey(name)) {
        keys.add(SECOND_MAP_KEY.get(name));
      }
      arraySchema.put("x-kubernetes-list-type", "map");
    }
    arraySchema.put("x-kubernetes-patch-merge-key", key);
    arraySchema.put("x-kubernetes-patch-strategy", RETAIN_KEYS.contains(name) ? "merge,retainKeys" : "merge");
  }

  /** {@code parent} is the JSON name of the field holding {@code message} ("" at the root). */
  private void walk(String kind, Descriptor message, String parent, Set<String> seen) {
    if (!seen.add(message.getFullName() + "/" + parent)) {
      return;
    }
    for (FieldDescriptor field : message.getFields()) {
      boolean isMessage = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isMapField();
      if (isMessage && types.inlined(field)) {
        walk(kind, field.getMessageType(), parent, seen);
        continue;
      }
      String name = types.jsonName(field);
      if (field.isRepeated() && !field.isMapField()) {
        String key = MergeKeys.of(kind, parent.isEmpty() ? List.of(name) : List.of(parent, name));
        if (key != null) {
          mergeKeys.putIfAbsent(field, key);
        }
      }
      if (isMessage) {
        walk(kind, field.getMessageType(), name, seen);
      }
    }
  }
}
