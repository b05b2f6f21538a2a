package dev.vkube.apiserver.auth.authz.rbac;

import static dev.vkube.apiserver.auth.authz.rbac.RbacFixtures.binding;
import static dev.vkube.apiserver.auth.authz.rbac.RbacFixtures.clusterRole;
import static dev.vkube.apiserver.auth.authz.rbac.RbacFixtures.named;
import static dev.vkube.apiserver.auth.authz.rbac.RbacFixtures.role;
import static dev.vkube.apiserver.auth.authz.rbac.RbacFixtures.rule;
import static dev.vkube.apiserver.auth.authz.rbac.RbacFixtures.url;
import static dev.vkube.apiserver.auth.authz.rbac.RbacFixtures.user;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.admission.AdmissionRequest;
import dev.vkube.apiserver.admission.Operation;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.auth.authz.AuthorizerChain;
import dev.vkube.apiserver.auth.authz.SystemMastersAuthorizer;
import dev.vkube.apiserver.registry.ResourceRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Covers (policy_comparator_test.go cases rewritten) and the escalation check on RBAC writes. */
class EscalationTest {
  @Test
  void coversFollowsUpstreamComparator() {
    // exact, wildcard verbs/groups/resources, subresource stars, resource names, URLs
    assertTrue(Coverage.uncovered(List.of(rule("get,list", "-", "pods")), List.of(rule("get", "-", "pods")))
        .isEmpty());
    assertTrue(Coverage.uncovered(List.of(rule("*", "*", "*")), List.of(rule("get", "apps", "deployments/scale")))
        .isEmpty());
    assertTrue(Coverage.uncovered(List.of(rule("get", "*", "*/scale")), List.of(rule("get", "apps",
        "deployments/scale"))).isEmpty());
    assertEquals(1, Coverage.uncovered(List.of(rule("get", "*", "*/scale")), List.of(rule("get", "apps",
        "deployments"))).size());
    assertTrue(Coverage.uncovered(List.of(rule("get", "-", "configmaps")), List.of(named("get", "-", "configmaps",
        "a,b"))).isEmpty());
    assertEquals(1, Coverage.uncovered(List.of(named("get", "-", "configmaps", "a")), List.of(named("get", "-",
        "configmaps", "a,b"))).size());
    assertEquals(1, Coverage.uncovered(List.of(named("get", "-", "configmaps", "a")), List.of(rule("get", "-",
        "configmaps"))).size(), "a named grant does not cover the whole resource");
    assertTrue(Coverage.uncovered(List.of(url("get", "/healthz/*")), List.of(url("get", "/healthz/etcd")))
        .isEmpty());
    assertEquals(1, Coverage.uncovered(List.of(url("get", "/healthz/*")), List.of(url("get", "/healthz"))).size());
    // the servant is broken down: verbs are checked one by one across several owner rules
    assertTrue(Coverage.uncovered(List.of(rule("get", "-", "pods"), rule("list", "-", "pods")),
        List.of(rule("get,list", "-", "pods"))).isEmpty());
  }

  @Test
  void missingRightsAreCompactedAndSorted() {
    List<PolicyRule> missing = Coverage.uncovered(List.of(), List.of(rule("get,list", "-", "secrets,pods"),
        url("get", "/metrics")));
    assertEquals(List.of("{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"get\" \"list\"]}",
        "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"list\"]}",
        "{NonResourceURLs:[\"/metrics\"], Verbs:[\"get\"]}"), Coverage.describe(missing));
  }

  private static RbacEscalationCheck check(List<ObjectNode> roles, List<ObjectNode> roleBindings,
      List<ObjectNode> clusterRoles, List<ObjectNode> clusterRoleBindings) {
    RbacAuthorizer rbac = new RbacAuthorizer(new StaticRbacSource(roles, roleBindings, clusterRoles,
        clusterRoleBindings));
    return new RbacEscalationCheck(new AuthorizerChain(List.of(new SystemMastersAuthorizer(), rbac)),
        rbac.resolver());
  }

  private static AdmissionRequest create(String resource, String ns, ObjectNode object, UserInfo u) {
    var def = ResourceRegistry.builtin().lookup("rbac.authorization.k8s.io", "v1", resource).orElseThrow();
    return new AdmissionRequest(Operation.CREATE, def, "", ns, object.path("metadata").path("name").asText(),
        object, null, u, false);
  }

  private final List<ObjectNode> clusterRoles = List.of(
      clusterRole("pod-reader", rule("get,list", "-", "pods")),
      clusterRole("secret-reader", rule("get", "-", "secrets")),
      clusterRole("escalator", rule("escalate", "rbac.authorization.k8s.io", "roles")),
      clusterRole("binder", named("bind", "rbac.authorization.k8s.io", "clusterroles", "secret-reader")));

  @Test
  void aRoleGrantingMoreThanTheUserHoldsIsForbiddenWithUpstreamsMessage() {
    RbacEscalationCheck c = check(List.of(), List.of(binding("ns1", "b", "ClusterRole", "pod-reader",
        "User:alice")), clusterRoles, List.of());
    UserInfo alice = user("alice", "devs", "system:authenticated");
    ObjectNode ok = role("Role", "ns1", "ok", rule("get", "-", "pods"));
    assertDoesNotThrow(() -> c.validate(create("roles", "ns1", ok, alice)));
    ObjectNode more = role("Role", "ns1", "more", rule("get,list", "-", "pods,secrets"));
    ApiException e = assertThrows(ApiException.class, () -> c.validate(create("roles", "ns1", more, alice)));
    assertEquals(403, e.code());
    assertEquals("roles.rbac.authorization.k8s.io \"more\" is forbidden: user \"alice\" (groups=[\"devs\" "
        + "\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n"
        + "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"list\"]}", e.getMessage());
    assertThrows(ApiException.class, () -> c.validate(create("roles", "ns2", ok, alice)),
        "rights in another namespace do not count");
  }

  @Test
  void escalateVerbAndSystemMastersSkipTheCheck() {
    RbacEscalationCheck c = check(List.of(), List.of(), clusterRoles, List.of(binding(null, "e", "ClusterRole",
        "escalator", "User:eve")));
    ObjectNode all = role("Role", "ns1", "all", rule("*", "*", "*"));
    assertDoesNotThrow(() -> c.validate(create("roles", "ns1", all, user("eve"))));
    assertThrows(ApiException.class, () -> c.validate(create("clusterroles", null, clusterRole("all",
        rule("*", "*", "*")), user("eve"))), "escalate on roles is not escalate on clusterroles");
    assertDoesNotThrow(() -> c.validate(create("clusterroles", null, clusterRole("all", rule("*", "*", "*")),
        user("root", UserInfo.MASTERS))));
  }

  @Test
  void bindingNeedsTheRolesRightsOrBind() {
    RbacEscalationCheck c = check(List.of(), List.of(binding("ns1", "b", "ClusterRole", "pod-reader", "User:alice")),
        clusterRoles, List.of(binding(null, "bb", "ClusterRole", "binder", "User:bob")));
    UserInfo alice = user("alice");
    assertDoesNotThrow(() -> c.validate(create("rolebindings", "ns1", binding("ns1", "x", "ClusterRole",
        "pod-reader", "User:carol"), alice)));
    ApiException e = assertThrows(ApiException.class, () -> c.validate(create("rolebindings", "ns1",
        binding("ns1", "y", "ClusterRole", "secret-reader", "User:carol"), alice)));
    assertTrue(e.getMessage().startsWith("rolebindings.rbac.authorization.k8s.io \"y\" is forbidden: user \"alice\""
        + " (groups=[]) is attempting to grant RBAC permissions not currently held:\n"), e.getMessage());
    assertDoesNotThrow(() -> c.validate(create("clusterrolebindings", null, binding(null, "z", "ClusterRole",
        "secret-reader", "User:carol"), user("bob"))), "bind on the named role");
    ApiException missing = assertThrows(ApiException.class, () -> c.validate(create("rolebindings", "ns1",
        binding("ns1", "w", "ClusterRole", "nope", "User:carol"), alice)));
    assertEquals("rolebindings.rbac.authorization.k8s.io \"w\" is forbidden: "
        + "clusterrole.rbac.authorization.k8s.io \"nope\" not found", missing.getMessage());
  }

  @Test
  void aggregationRuleNeedsFullAuthority() {
    RbacEscalationCheck c = check(List.of(), List.of(), clusterRoles, List.of(binding(null, "p", "ClusterRole",
        "pod-reader", "User:alice")));
    ObjectNode agg = clusterRole("agg");
    agg.putObject("aggregationRule").putArray("clusterRoleSelectors").addObject().putObject("matchLabels")
        .put("a", "b");
    ApiException e = assertThrows(ApiException.class, () -> c.validate(create("clusterroles", null, agg,
        user("alice"))));
    assertEquals("clusterroles.rbac.authorization.k8s.io \"agg\" is forbidden: must have cluster-admin privileges "
        + "to use the aggregationRule", e.getMessage());
  }

  @Test
  void updatesTouchingOnlyGarbageCollectionFieldsPass() {
    ObjectNode old = role("Role", "ns1", "r", rule("*", "*", "*"));
    ObjectNode next = old.deepCopy();
    next.with("metadata").putArray("finalizers").add("x");
    assertTrue(RbacEscalationCheck.onlyGarbageCollectionFields(next, old));
    next.withArray("rules").add(rule("get", "-", "pods").toJson());
    assertTrue(!RbacEscalationCheck.onlyGarbageCollectionFields(next, old));
  }
}
