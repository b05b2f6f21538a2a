package dev.vkube.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vkube.apiserver.patch.MergeKeys;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The structural facts server-side apply needs about an object's fields, standing in for the OpenAPI
 * models structured-merge-diff reads: how a list merges ({@code +listType}/{@code +listMapKey}), which
 * maps are atomic ({@code +structType=atomic}, {@code +mapType=atomic}), and which struct fields a Go
 * zero object already holds. Fields are named by their field names from the root, list items omitted.
 * Built-in kinds follow k8s.io/api; other kinds (custom resources without a schema here) get atomic
 * lists, as a structural schema without {@code x-kubernetes-list-type} does; metadata is ObjectMeta
 * everywhere.
 */
final class FieldSchema {
  /** How a list merges: atomic (replaced whole), a set of scalars, or a map keyed by {@code keys}. */
  record ListType(boolean atomic, List<String> keys) {
    static final ListType ATOMIC = new ListType(true, List.of());
    static final ListType SET = new ListType(false, List.of());

    boolean isSet() {
      return !atomic && keys.isEmpty();
    }
  }

  private static final Set<String> BUILTIN_GROUPS = Set.of("", "apps", "batch", "autoscaling", "policy",
      "networking.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io", "scheduling.k8s.io",
      "coordination.k8s.io", "discovery.k8s.io", "node.k8s.io", "certificates.k8s.io",
      "admissionregistration.k8s.io", "apiextensions.k8s.io", "apiregistration.k8s.io", "events.k8s.io",
      "flowcontrol.apiserver.k8s.io", "resource.k8s.io", "internal.apiserver.k8s.io", "storagemigration.k8s.io");

  /** LabelSelector is +structType=atomic; Service selector and nodeSelector are +mapType=atomic. */
  private static final Set<String> ATOMIC_MAPS = Set.of("selector", "nodeSelector", "podSelector",
      "namespaceSelector", "labelSelector");

  /** Non-pointer struct fields: present (as {}) in the zero object upstream compares a create against. */
  private static final Set<String> ZERO_STRUCTS = Set.of("metadata", "spec", "status", "template",
      "strategy", "updateStrategy", "jobTemplate", "resources");

  /** Required (non-omitempty) list fields: a Go zero object holds them as null, so they exist too. */
  private static final Set<String> ZERO_LISTS = Set.of("containers", "endpoints");

  /** Key fields that the OpenAPI schema defaults, so an item without them still has a full key. */
  private static final Map<String, JsonNode> KEY_DEFAULTS = Map.of("protocol", TextNode.valueOf("TCP"));

  private final String kind;
  private final boolean builtin;

  private FieldSchema(String kind, boolean builtin) {
    this.kind = kind;
    this.builtin = builtin;
  }

  static FieldSchema forObject(JsonNode object) {
    String apiVersion = object.path("apiVersion").asText("");
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    return new FieldSchema(object.path("kind").asText(""), BUILTIN_GROUPS.contains(group));
  }

  private boolean typed(List<String> names) {
    return builtin || (!names.isEmpty() && names.get(0).equals("metadata"));
  }

  ListType listType(List<String> names) {
    if (!typed(names) || names.isEmpty()) {
      return ListType.ATOMIC;
    }
    String field = names.get(names.size() - 1);
    String parent = names.size() > 1 ? names.get(names.size() - 2) : "";
    if (field.equals("ports") && parent.endsWith("ontainers")) {
      return new ListType(false, List.of("containerPort", "protocol"));
    }
    if (field.equals("ports") && kind.equals("Service") && names.size() == 2) {
      return new ListType(false, List.of("port", "protocol"));
    }
    if (field.equals("topologySpreadConstraints")) {
      return new ListType(false, List.of("topologyKey", "whenUnsatisfiable"));
    }
    String key = MergeKeys.of(kind, names);
    if (key == null) {
      return ListType.ATOMIC;
    }
    return key.equals(MergeKeys.PRIMITIVE_SET) ? ListType.SET : new ListType(false, List.of(key));
  }

  boolean atomicMap(List<String> names) {
    if (!typed(names) || names.isEmpty()) {
      return false;
    }
    String field = names.get(names.size() - 1);
    return ATOMIC_MAPS.contains(field) || names.equals(List.of("metadata", "ownerReferences"));
  }

  boolean zeroStruct(List<String> names) {
    return typed(names) && !names.isEmpty() && ZERO_STRUCTS.contains(names.get(names.size() - 1));
  }

  boolean zeroList(List<String> names) {
    return builtin && !names.isEmpty() && ZERO_LISTS.contains(names.get(names.size() - 1));
  }

  /** The path element of a list item, or null when the item cannot be keyed (then it is ignored). */
  static PathElement itemElement(ListType type, JsonNode item) {
    if (type.isSet()) {
      return item.isValueNode() && !item.isNull() ? PathElement.value(item) : null;
    }
    if (!item.isObject()) {
      return null;
    }
    Map<String, JsonNode> key = new java.util.TreeMap<>();
    for (String field : type.keys()) {
      JsonNode value = item.get(field);
      if (value == null || value.isNull()) {
        value = KEY_DEFAULTS.get(field);
      }
      if (value != null) {
        key.put(field, value);
      }
    }
    return key.isEmpty() ? null : PathElement.key(key);
  }
}
