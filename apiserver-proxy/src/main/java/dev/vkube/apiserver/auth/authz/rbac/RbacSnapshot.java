package dev.vkube.apiserver.auth.authz.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.api.Meta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Immutable indexes of RBAC objects: rules by role key, bindings by scope and subject. */
final class RbacSnapshot {
  private RbacSnapshot() {}

  /** Role rules by {@link #key}. */
  static Map<String, List<PolicyRule>> rules(List<? extends JsonNode> roles) {
    Map<String, List<PolicyRule>> out = new HashMap<>(roles.size() * 2);
    for (JsonNode role : roles) {
      out.put(key(Meta.namespace(role), Meta.name(role)), List.copyOf(PolicyRule.listFrom(role)));
    }
    return out;
  }

  static BindingIndex clusterBindings(List<? extends JsonNode> bindings) {
    return new BindingIndex(bindings.stream().map(Binding::fromJson).toList());
  }

  static Map<String, BindingIndex> namespacedBindings(List<? extends JsonNode> bindings) {
    Map<String, List<Binding>> byNamespace = new HashMap<>();
    for (JsonNode object : bindings) {
      Binding b = Binding.fromJson(object);
      byNamespace.computeIfAbsent(b.namespace(), k -> new ArrayList<>()).add(b);
    }
    Map<String, BindingIndex> out = new HashMap<>();
    byNamespace.forEach((ns, list) -> out.put(ns, new BindingIndex(list)));
    return out;
  }

  /** {@code namespace/name}, or the bare name of a cluster-scoped object (names never contain '/'). */
  static String key(String namespace, String name) {
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }
}
