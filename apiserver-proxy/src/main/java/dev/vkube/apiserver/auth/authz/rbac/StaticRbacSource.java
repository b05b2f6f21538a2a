package dev.vkube.apiserver.auth.authz.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** Policy from fixed objects (tests, and checks against objects not yet stored). */
public final class StaticRbacSource implements RbacSource {
  private final Map<String, List<PolicyRule>> roles;
  private final Map<String, List<PolicyRule>> clusterRoles;
  private final BindingIndex clusterBindings;
  private final Map<String, BindingIndex> roleBindings;

  public StaticRbacSource(List<? extends JsonNode> roles, List<? extends JsonNode> roleBindings,
      List<? extends JsonNode> clusterRoles, List<? extends JsonNode> clusterRoleBindings) {
    this.roles = RbacSnapshot.rules(roles);
    this.clusterRoles = RbacSnapshot.rules(clusterRoles);
    this.clusterBindings = RbacSnapshot.clusterBindings(clusterRoleBindings);
    this.roleBindings = RbacSnapshot.namespacedBindings(roleBindings);
  }

  @Override
  public List<PolicyRule> clusterRole(String name) {
    return clusterRoles.get(name);
  }

  @Override
  public List<PolicyRule> roleByKey(String key) {
    return roles.get(key);
  }

  @Override
  public BindingIndex clusterRoleBindings() {
    return clusterBindings;
  }

  @Override
  public BindingIndex roleBindings(String namespace) {
    return roleBindings.getOrDefault(namespace, BindingIndex.EMPTY);
  }
}
