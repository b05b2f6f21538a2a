package dev.vkube.apiserver.auth.authz.rbac;

import static dev.vkube.apiserver.auth.authz.rbac.RbacFixtures.binding;
import static dev.vkube.apiserver.auth.authz.rbac.RbacFixtures.clusterRole;
import static dev.vkube.apiserver.auth.authz.rbac.RbacFixtures.role;
import static dev.vkube.apiserver.auth.authz.rbac.RbacFixtures.rule;
import static dev.vkube.apiserver.auth.authz.rbac.RbacFixtures.url;
import static dev.vkube.apiserver.auth.authz.rbac.RbacFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.auth.authz.Attributes;
import dev.vkube.apiserver.auth.authz.Decision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The authorizer over bindings and roles: subjects, scopes, reasons (after upstream's rbac_test.go). */
class RbacAuthorizerTest {
  private static RbacAuthorizer authorizer(List<ObjectNode> roles, List<ObjectNode> roleBindings,
      List<ObjectNode> clusterRoles, List<ObjectNode> clusterRoleBindings) {
    return new RbacAuthorizer(new StaticRbacSource(roles, roleBindings, clusterRoles, clusterRoleBindings));
  }

  private static Attributes get(UserInfo u, String resource, String ns) {
    return Attributes.resource(u, "get", "", "v1", resource, "", ns, "x");
  }

  @Test
  void clusterRoleBindingGrantsEverywhereWithUpstreamReason() {
    RbacAuthorizer a = authorizer(List.of(), List.of(), List.of(clusterRole("reader", rule("get", "-", "pods"))),
        List.of(binding(null, "read-all", "ClusterRole", "reader", "User:alice")));
    Decision d = a.authorize(get(user("alice"), "pods", "ns1"));
    assertTrue(d.allowed());
    assertEquals("RBAC: allowed by ClusterRoleBinding \"read-all\" of ClusterRole \"reader\" to User \"alice\"",
        d.reason());
    assertTrue(a.authorize(get(user("alice"), "pods", "")).allowed());
    assertFalse(a.authorize(get(user("bob"), "pods", "ns1")).allowed());
  }

  @Test
  void roleBindingOfClusterRoleGrantsOnlyInItsNamespace() {
    RbacAuthorizer a = authorizer(List.of(), List.of(binding("ns1", "view", "ClusterRole", "reader",
        "Group:devs")), List.of(clusterRole("reader", rule("get", "-", "pods"))), List.of());
    UserInfo dev = user("carol", "devs");
    Decision d = a.authorize(get(dev, "pods", "ns1"));
    assertTrue(d.allowed());
    assertEquals("RBAC: allowed by RoleBinding \"view/ns1\" of ClusterRole \"reader\" to Group \"devs\"",
        d.reason());
    assertFalse(a.authorize(get(dev, "pods", "ns2")).allowed());
    assertFalse(a.authorize(get(dev, "pods", "")).allowed(), "cluster scope is not granted by a RoleBinding");
  }

  @Test
  void roleBindingToRoleUsesTheRoleOfItsOwnNamespace() {
    RbacAuthorizer a = authorizer(List.of(role("Role", "ns1", "r", rule("get", "-", "secrets")),
        role("Role", "ns2", "r", rule("*", "*", "*"))),
        List.of(binding("ns1", "b", "Role", "r", "User:alice")), List.of(), List.of());
    assertTrue(a.authorize(get(user("alice"), "secrets", "ns1")).allowed());
    assertFalse(a.authorize(Attributes.resource(user("alice"), "delete", "", "v1", "secrets", "", "ns1", "x"))
        .allowed());
  }

  @Test
  void serviceAccountSubjectsDefaultToTheBindingNamespace() {
    RbacAuthorizer a = authorizer(List.of(), List.of(binding("ns1", "b", "ClusterRole", "reader", "SA:robot"),
        binding("ns1", "c", "ClusterRole", "writer", "SA:other/bot")),
        List.of(clusterRole("reader", rule("get", "-", "pods")), clusterRole("writer", rule("create", "-",
            "pods"))), List.of());
    UserInfo robot = user("system:serviceaccount:ns1:robot", "system:serviceaccounts");
    Decision d = a.authorize(get(robot, "pods", "ns1"));
    assertTrue(d.allowed());
    assertEquals("RBAC: allowed by RoleBinding \"b/ns1\" of ClusterRole \"reader\" to ServiceAccount \"robot/ns1\"",
        d.reason());
    UserInfo bot = user("system:serviceaccount:other:bot");
    assertTrue(a.authorize(Attributes.resource(bot, "create", "", "v1", "pods", "", "ns1", "")).allowed());
    assertFalse(a.authorize(get(user("robot"), "pods", "ns1")).allowed());
  }

  @Test
  void serviceAccountWithoutNamespaceInAClusterBindingMatchesNobody() {
    RbacAuthorizer a = authorizer(List.of(), List.of(), List.of(clusterRole("reader", rule("get", "-", "pods"))),
        List.of(binding(null, "b", "ClusterRole", "reader", "SA:robot")));
    assertFalse(a.authorize(get(user("system:serviceaccount::robot"), "pods", "ns1")).allowed());
  }

  @Test
  void missingRolesAreReportedAsTheReasonAndOtherBindingsStillApply() {
    RbacAuthorizer a = authorizer(List.of(), List.of(binding("ns1", "b", "Role", "gone", "User:alice")),
        List.of(clusterRole("reader", rule("get", "-", "pods"))),
        List.of(binding(null, "a", "ClusterRole", "missing", "User:alice"),
            binding(null, "z", "ClusterRole", "reader", "User:alice")));
    assertTrue(a.authorize(get(user("alice"), "pods", "ns1")).allowed());
    Decision d = a.authorize(get(user("alice"), "secrets", "ns1"));
    assertEquals(Decision.Kind.NO_OPINION, d.kind());
    assertEquals("RBAC: [clusterrole.rbac.authorization.k8s.io \"missing\" not found, "
        + "role.rbac.authorization.k8s.io \"gone\" not found]", d.reason());
    Decision one = a.authorize(get(user("alice"), "secrets", ""));
    assertEquals("RBAC: clusterrole.rbac.authorization.k8s.io \"missing\" not found", one.reason());
  }

  @Test
  void deniesWithoutReasonWhenNothingApplies() {
    RbacAuthorizer a = authorizer(List.of(), List.of(), List.of(), List.of());
    assertEquals(Decision.NO_OPINION, a.authorize(get(user("alice"), "pods", "ns1")));
  }

  @Test
  void nonResourceUrlsComeFromClusterRoleBindingsOnly() {
    RbacAuthorizer a = authorizer(List.of(), List.of(binding("ns1", "b", "ClusterRole", "health", "User:bob")),
        List.of(clusterRole("health", url("get", "/healthz,/metrics/*"))),
        List.of(binding(null, "h", "ClusterRole", "health", "Group:system:unauthenticated")));
    assertTrue(a.authorize(Attributes.nonResource(UserInfo.anonymous(), "get", "/healthz")).allowed());
    assertTrue(a.authorize(Attributes.nonResource(UserInfo.anonymous(), "get", "/metrics/slis")).allowed());
    assertFalse(a.authorize(Attributes.nonResource(UserInfo.anonymous(), "post", "/healthz")).allowed());
    assertFalse(a.authorize(Attributes.nonResource(user("bob"), "get", "/healthz")).allowed());
  }

  @Test
  void aBindingMatchedByUserAndGroupIsVisitedOnce() {
    RbacAuthorizer a = authorizer(List.of(), List.of(), List.of(clusterRole("r", rule("get", "-", "pods"))),
        List.of(binding(null, "b", "ClusterRole", "r", "User:alice", "Group:devs")));
    List<PolicyRule> rules = a.resolver().rulesFor(user("alice", "devs"), "ns").rules();
    assertEquals(1, rules.size());
  }

  /** Many bindings (2,000 roles, cluster and namespace bindings): decisions stay exact. Speed is for bench/. */
  @Test
  void decidesExactlyAmongThousandsOfBindings() {
    List<ObjectNode> crbs = new ArrayList<>();
    List<ObjectNode> rbs = new ArrayList<>();
    List<ObjectNode> roles = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      roles.add(clusterRole("role-" + i, rule("get,list", "-", "configmaps"), rule("get", "apps", "deployments")));
      crbs.add(binding(null, "crb-" + i, "ClusterRole", "role-" + i, "User:user-" + i, "Group:group-" + (i % 50)));
      rbs.add(binding("ns-" + (i % 100), "rb-" + i, "ClusterRole", "role-" + i, "User:user-" + i));
    }
    roles.add(clusterRole("pods", rule("get", "-", "pods")));
    crbs.add(binding(null, "zzz", "ClusterRole", "pods", "Group:system:authenticated"));
    RbacAuthorizer a = authorizer(List.of(), rbs, roles, crbs);
    UserInfo u = user("user-7", "group-7", "system:authenticated");
    assertFalse(a.authorize(Attributes.resource(u, "delete", "", "v1", "secrets", "", "ns-7", "x")).allowed());
    assertTrue(a.authorize(Attributes.resource(u, "get", "", "v1", "pods", "", "ns-7", "x")).allowed());
    assertTrue(a.authorize(Attributes.resource(u, "list", "", "v1", "configmaps", "", "ns-99", "x")).allowed());
    assertTrue(a.authorize(Attributes.resource(user("user-8", "group-9"), "get", "apps", "v1", "deployments", "",
        "ns-1", "x")).allowed());
    assertFalse(a.authorize(Attributes.resource(user("nobody", "group-none"), "get", "apps", "v1", "deployments",
        "", "ns-1", "x")).allowed());
  }
}
