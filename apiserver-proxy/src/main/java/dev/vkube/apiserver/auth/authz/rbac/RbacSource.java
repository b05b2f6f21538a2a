package dev.vkube.apiserver.auth.authz.rbac;

import java.util.List;

/**
 * Where the RBAC authorizer reads policy from (upstream's RoleGetter, RoleBindingLister,
 * ClusterRoleGetter, ClusterRoleBindingLister): the server's caches, or fixed objects in tests.
 */
public interface RbacSource {
  /** The rules of a ClusterRole, or null when there is none of that name. */
  List<PolicyRule> clusterRole(String name);

  /** The rules of a Role, or null when there is none. */
  default List<PolicyRule> role(String namespace, String name) {
    return roleByKey(RbacSnapshot.key(namespace, name));
  }

  /** The rules of the Role {@code namespace/name}, or null. */
  List<PolicyRule> roleByKey(String key);

  BindingIndex clusterRoleBindings();

  BindingIndex roleBindings(String namespace);
}
