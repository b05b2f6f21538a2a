package dev.vkube.apiserver.auth.authz.rbac;

import static dev.vkube.apiserver.auth.authz.rbac.RbacFixtures.clusterRole;
import static dev.vkube.apiserver.auth.authz.rbac.RbacFixtures.rule;
import static dev.vkube.apiserver.auth.authz.rbac.RbacFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.auth.authz.Attributes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The default policy as a cluster starts with it, aggregated as the controller fills it. */
class DefaultPolicyTest {
  private static final DefaultPolicy POLICY = DefaultPolicy.load();

  /** The default cluster roles with admin, edit and view filled as the aggregation controller does. */
  static List<ObjectNode> aggregatedClusterRoles(List<ObjectNode> roles) {
    List<ObjectNode> out = new ArrayList<>(roles.stream().map(ObjectNode::deepCopy).toList());
    // view feeds edit feeds admin: three passes reach the fixed point
    for (int pass = 0; pass < 3; pass++) {
      for (ObjectNode role : out) {
        if (role.has("aggregationRule")) {
          role.set("rules", PolicyRule.toJson(ClusterRoleAggregator.aggregate(role, out)));
        }
      }
    }
    return out;
  }

  private static RbacAuthorizer defaults(List<ObjectNode> extraRoleBindings) {
    List<ObjectNode> bindings = new ArrayList<>(POLICY.roleBindings());
    bindings.addAll(extraRoleBindings);
    return new RbacAuthorizer(new StaticRbacSource(POLICY.roles(), bindings,
        aggregatedClusterRoles(POLICY.clusterRoles()), POLICY.clusterRoleBindings()));
  }

  @Test
  void everyObjectIsLabelledAndAutoUpdated() {
    List<ObjectNode> all = new ArrayList<>(POLICY.clusterRoles());
    all.addAll(POLICY.clusterRoleBindings());
    all.addAll(POLICY.roles());
    all.addAll(POLICY.roleBindings());
    for (ObjectNode o : all) {
      assertEquals("rbac-defaults", o.path("metadata").path("labels").path("kubernetes.io/bootstrapping").asText(),
          Meta.name(o));
      assertEquals("true", o.path("metadata").path("annotations").path("rbac.authorization.kubernetes.io/autoupdate")
          .asText(), Meta.name(o));
    }
    assertTrue(POLICY.clusterRoles().size() > 60, "cluster roles: " + POLICY.clusterRoles().size());
    assertEquals(POLICY.clusterRoles().stream().filter(r -> Meta.name(r).startsWith("system:controller:")).count()
        + 12, POLICY.clusterRoleBindings().size());
  }

  @ParameterizedTest(name = "anonymous get {0} -> {1}")
  @CsvSource({"/healthz,true", "/livez,true", "/readyz,true", "/version,true", "/version/,true",
      "/readyz/etcd,false", "/api,false", "/apis,false", "/openapi/v2,false", "/metrics,false"})
  void anonymousReadsOnlyPublicInfo(String path, boolean allowed) {
    assertEquals(allowed, defaults(List.of()).authorize(Attributes.nonResource(UserInfo.anonymous(), "get", path))
        .allowed());
  }

  @ParameterizedTest(name = "authenticated get {0} -> {1}")
  @CsvSource({"/api,true", "/api/v1,true", "/apis/apps/v1,true", "/openapi/v3,true", "/version,true",
      "/healthz,true", "/metrics,false", "/logs,false"})
  void authenticatedUsersReadDiscovery(String path, boolean allowed) {
    UserInfo u = user("alice", UserInfo.AUTHENTICATED);
    assertEquals(allowed, defaults(List.of()).authorize(Attributes.nonResource(u, "get", path)).allowed());
  }

  @Test
  void authenticatedUsersMayReviewThemselvesOnly() {
    UserInfo u = user("alice", UserInfo.AUTHENTICATED);
    RbacAuthorizer a = defaults(List.of());
    assertTrue(a.authorize(Attributes.resource(u, "create", "authorization.k8s.io", "v1", "selfsubjectaccessreviews",
        "", "", "")).allowed());
    assertTrue(a.authorize(Attributes.resource(u, "create", "authorization.k8s.io", "v1", "selfsubjectrulesreviews",
        "", "", "")).allowed());
    assertTrue(a.authorize(Attributes.resource(u, "create", "authentication.k8s.io", "v1", "selfsubjectreviews",
        "", "", "")).allowed());
    assertFalse(a.authorize(Attributes.resource(u, "create", "authorization.k8s.io", "v1", "subjectaccessreviews",
        "", "", "")).allowed());
    assertFalse(a.authorize(Attributes.resource(u, "list", "", "v1", "pods", "", "default", "")).allowed());
  }

  @Test
  void viewEditAndAdminAggregate() {
    List<ObjectNode> roles = aggregatedClusterRoles(POLICY.clusterRoles());
    List<PolicyRule> view = rulesOf(roles, "view");
    List<PolicyRule> edit = rulesOf(roles, "edit");
    List<PolicyRule> admin = rulesOf(roles, "admin");
    assertEquals(PolicyRule.listFrom(find(roles, "system:aggregate-to-view")), view);
    assertTrue(Coverage.uncovered(edit, view).isEmpty(), "edit includes view");
    assertTrue(Coverage.uncovered(admin, edit).isEmpty(), "admin includes edit");
    assertFalse(Coverage.uncovered(view, List.of(rule("get", "-", "secrets"))).isEmpty(), "view cannot read secrets");
    assertTrue(Coverage.uncovered(admin, List.of(rule("create", "rbac.authorization.k8s.io", "rolebindings")))
        .isEmpty());
  }

  @Test
  void aggregationPicksUpLabelledRolesInNameOrderWithoutDuplicates() {
    ObjectNode agg = clusterRole("agg");
    agg.putObject("aggregationRule").putArray("clusterRoleSelectors").addObject().putObject("matchLabels")
        .put("x", "y");
    ObjectNode b = clusterRole("b", rule("get", "-", "pods"), rule("list", "-", "pods"));
    b.with("metadata").putObject("labels").put("x", "y");
    ObjectNode a = clusterRole("a", rule("list", "-", "pods"), rule("get", "-", "secrets"));
    a.with("metadata").putObject("labels").put("x", "y");
    ObjectNode other = clusterRole("c", rule("*", "*", "*"));
    assertEquals(List.of(rule("list", "-", "pods"), rule("get", "-", "secrets"), rule("get", "-", "pods")),
        ClusterRoleAggregator.aggregate(agg, List.of(agg, b, a, other)));
  }

  @Test
  void selectorsSupportExpressions() {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var labels = json.createObjectNode().put("tier", "web").put("env", "prod");
    assertTrue(ClusterRoleAggregator.selects(json.createObjectNode(), labels));
    var selector = json.createObjectNode();
    selector.putArray("matchExpressions").addObject().put("key", "tier").put("operator", "In").putArray("values")
        .add("web").add("db");
    assertTrue(ClusterRoleAggregator.selects(selector, labels));
    selector.withArray("matchExpressions").addObject().put("key", "env").put("operator", "DoesNotExist");
    assertFalse(ClusterRoleAggregator.selects(selector, labels));
  }

  @Test
  void reconcileAddsMissingRulesKeepsAdditionsAndRespectsAutoupdateFalse() {
    ObjectNode expected = find(POLICY.clusterRoles(), "system:basic-user");
    ObjectNode existing = expected.deepCopy();
    existing.set("rules", PolicyRule.toJson(List.of(rule("get", "-", "configmaps"))));
    existing.with("metadata").with("labels").put("mine", "yes");
    ObjectNode reconciled = PolicyReconciler.reconciledRole(existing, expected);
    List<PolicyRule> rules = PolicyRule.listFrom(reconciled);
    assertEquals(rule("get", "-", "configmaps"), rules.get(0));
    assertTrue(Coverage.uncovered(rules, PolicyRule.listFrom(expected)).isEmpty());
    assertEquals("yes", reconciled.path("metadata").path("labels").path("mine").asText());
    assertNull(PolicyReconciler.reconciledRole(reconciled, expected), "already reconciled");
    existing.with("metadata").with("annotations").put("rbac.authorization.kubernetes.io/autoupdate", "false");
    assertTrue(PolicyReconciler.isProtected(existing));
  }

  @Test
  void reconcileAddsMissingSubjects() {
    ObjectNode expected = find(POLICY.clusterRoleBindings(), "system:public-info-viewer");
    ObjectNode existing = expected.deepCopy();
    existing.withArray("subjects").remove(1);
    existing.withArray("subjects").addObject().put("kind", "User").put("name", "extra");
    ObjectNode reconciled = PolicyReconciler.reconciledBinding(existing, expected);
    assertEquals(3, reconciled.path("subjects").size());
    assertNull(PolicyReconciler.reconciledBinding(reconciled, expected));
  }

  private static ObjectNode find(List<ObjectNode> objects, String name) {
    return objects.stream().filter(o -> Meta.name(o).equals(name)).findFirst().orElseThrow();
  }

  private static List<PolicyRule> rulesOf(List<ObjectNode> roles, String name) {
    return PolicyRule.listFrom(find(roles, name));
  }
}
