package dev.vkube.apiserver.auth.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.testing.ApiClient;
import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.apiserver.testing.TestCluster;
import dev.vkube.certs.IssuedCertificate;
import dev.vkube.certs.KubeconfigSpec;
import dev.vkube.certs.KubeconfigWriter;
import dev.vkube.certs.LeafSpec;
import dev.vkube.certs.Pki;
import dev.vkube.certs.PkiDirectory;
import dev.vkube.certs.PkiOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * RBAC as users see it through real kubectl, with client certificates for distinct users and groups:
 * alice is bound to {@code view} in one namespace, bob (group team-b) to {@code admin} in another.
 */
class RbacIT {
  private static final String KUBECTL = "/usr/lib/google-cloud-sdk/bin/kubectl.1.33";
  private static final String KUBECTL_127 = "/usr/lib/google-cloud-sdk/bin/kubectl.1.27";

  @RegisterExtension
  static EtcdExtension etcd = new EtcdExtension();
  @TempDir
  static Path dataDir;
  static TestCluster cluster;
  static Path admin;
  static Path alice;
  static Path bob;
  static String viewNs;
  static String adminNs;

  record Run(int exit, String out) {}

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(etcd, dataDir);
    admin = cluster.kubeconfig();
    Pki pki = PkiDirectory.loadOrCreate(dataDir.resolve("pki"), PkiOptions.defaults(), Clock.systemUTC());
    alice = kubeconfig(pki, "alice", List.of());
    bob = kubeconfig(pki, "bob", List.of("team-b"));
    viewNs = cluster.namespace();
    adminNs = cluster.namespace();
    ok(admin, "create", "rolebinding", "alice-view", "--clusterrole=view", "--user=alice", "-n", viewNs);
    ok(admin, "create", "rolebinding", "team-b-admin", "--clusterrole=admin", "--group=team-b", "-n", adminNs);
    ok(admin, "create", "configmap", "settings", "--from-literal=a=b", "-n", viewNs);
    ok(admin, "create", "secret", "generic", "token", "--from-literal=t=x", "-n", viewNs);
    // bindings reach the authorizer through its informers, and view is filled by the aggregation controller
    await(() -> kubectl(alice, "get", "configmaps", "-n", viewNs).exit() == 0);
    await(() -> kubectl(bob, "get", "roles", "-n", adminNs).exit() == 0);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static Path kubeconfig(Pki pki, String user, List<String> groups) {
    IssuedCertificate cert = pki.ca().issue(LeafSpec.client(user, groups));
    Path path = dataDir.resolve(user + ".kubeconfig");
    KubeconfigWriter.write(path, KubeconfigSpec.withClientCertificate("vkube", cluster.api().server(),
        pki.ca().asIssued().certificatePem(), user, cert.certificatePem(), cert.privateKeyPem()));
    return path;
  }

  @Test
  void viewerReadsItsNamespaceOnlyAndNoSecrets() throws Exception {
    assertTrue(ok(alice, "get", "configmap", "settings", "-n", viewNs).contains("settings"));
    ok(alice, "get", "pods", "-n", viewNs);
    Run other = kubectl(alice, "get", "configmaps", "-n", adminNs);
    assertEquals(1, other.exit());
    assertEquals("Error from server (Forbidden): configmaps is forbidden: User \"alice\" cannot list resource "
        + "\"configmaps\" in API group \"\" in the namespace \"" + adminNs + "\"", other.out().strip());
    Run secrets = kubectl(alice, "get", "secrets", "-n", viewNs);
    assertEquals("Error from server (Forbidden): secrets is forbidden: User \"alice\" cannot list resource "
        + "\"secrets\" in API group \"\" in the namespace \"" + viewNs + "\"", secrets.out().strip());
    Run secret = kubectl(alice, "get", "secret", "token", "-n", viewNs);
    assertEquals("Error from server (Forbidden): secrets \"token\" is forbidden: User \"alice\" cannot get resource "
        + "\"secrets\" in API group \"\" in the namespace \"" + viewNs + "\"", secret.out().strip());
    Run everywhere = kubectl(alice, "get", "pods", "--all-namespaces");
    assertEquals("Error from server (Forbidden): pods is forbidden: User \"alice\" cannot list resource \"pods\" in "
        + "API group \"\" at the cluster scope", everywhere.out().strip());
    Run write = kubectl(alice, "delete", "configmap", "settings", "-n", viewNs);
    assertEquals("Error from server (Forbidden): configmaps \"settings\" is forbidden: User \"alice\" cannot delete "
        + "resource \"configmaps\" in API group \"\" in the namespace \"" + viewNs + "\"", write.out().strip());
  }

  @Test
  void canIAnswersAsUpstream() throws Exception {
    List<Case> cases = List.of(
        new Case(alice, "yes", "get", "pods", "-n", viewNs),
        new Case(alice, "yes", "list", "deployments.apps", "-n", viewNs),
        new Case(alice, "yes", "get", "pods/log", "-n", viewNs),
        new Case(alice, "no", "list", "secrets", "-n", viewNs),
        new Case(alice, "no", "get", "pods", "-n", adminNs),
        new Case(alice, "no", "create", "deployments.apps", "-n", viewNs),
        new Case(alice, "no", "get", "pods", "--all-namespaces"),
        new Case(alice, "yes", "get", "/healthz"),
        new Case(alice, "yes", "get", "/apis"),
        new Case(alice, "no", "get", "/metrics"),
        new Case(alice, "yes", "create", "selfsubjectaccessreviews.authorization.k8s.io"),
        new Case(alice, "no", "create", "subjectaccessreviews.authorization.k8s.io"),
        new Case(bob, "yes", "create", "deployments.apps", "-n", adminNs),
        new Case(bob, "yes", "create", "roles.rbac.authorization.k8s.io", "-n", adminNs),
        new Case(bob, "yes", "get", "secrets", "-n", adminNs),
        new Case(bob, "no", "get", "secrets", "-n", viewNs),
        new Case(bob, "no", "create", "namespaces"),
        new Case(admin, "yes", "*", "*"),
        new Case(admin, "yes", "delete", "nodes"));
    assertCases(cases);
  }

  /** {@code --as} sends Impersonate-* headers: the review answers for the impersonated user. */
  @Test
  void canIAsAnotherUserAnswersForThem() throws Exception {
    assertCases(List.of(
        new Case(admin, "no", "list", "secrets", "-n", viewNs, "--as", "alice"),
        new Case(admin, "yes", "list", "configmaps", "-n", viewNs, "--as", "alice"),
        new Case(admin, "yes", "create", "deployments.apps", "-n", adminNs, "--as", "someone", "--as-group",
            "team-b")));
  }

  record Case(Path who, String expected, String... args) {}

  private static void assertCases(List<Case> cases) throws Exception {
    for (String binary : List.of(KUBECTL, KUBECTL_127)) {
      for (Case c : cases) {
        List<String> args = new ArrayList<>(List.of("auth", "can-i"));
        args.addAll(List.of(c.args()));
        Run r = run(binary, c.who(), args.toArray(String[]::new));
        String label = binary + " " + c.who().getFileName() + " " + String.join(" ", c.args());
        assertEquals(c.expected(), lastLine(r.out()), label + ": " + r.out());
        assertEquals(c.expected().equals("yes") ? 0 : 1, r.exit(), label);
      }
    }
  }

  @Test
  void canIListShowsTheRulesInTheNamespace() throws Exception {
    String out = ok(alice, "auth", "can-i", "--list", "-n", viewNs);
    assertTrue(out.lines().findFirst().orElseThrow().matches(
        "Resources\\s+Non-Resource URLs\\s+Resource Names\\s+Verbs"), out);
    assertTrue(out.lines().anyMatch(l -> l.matches("selfsubjectaccessreviews.authorization.k8s.io\\s+\\[]\\s+\\[]"
        + "\\s+\\[create]")), out);
    assertTrue(out.lines().anyMatch(l -> l.matches("configmaps\\s+\\[]\\s+\\[]\\s+\\[get list watch]")), out);
    assertTrue(out.lines().anyMatch(l -> l.matches("\\s+\\[/healthz]\\s+\\[]\\s+\\[get]")), out);
    assertTrue(out.lines().noneMatch(l -> l.startsWith("secrets ")), out);
    String elsewhere = ok(alice, "auth", "can-i", "--list", "-n", adminNs);
    assertTrue(elsewhere.lines().noneMatch(l -> l.startsWith("configmaps ")), elsewhere);
  }

  @Test
  void escalationIsRefusedWithoutEscalateOrBind() throws Exception {
    ok(bob, "create", "role", "pod-reader", "--verb=get,list", "--resource=pods", "-n", adminNs);
    Run role = kubectl(bob, "create", "role", "node-reader", "--verb=get", "--resource=nodes", "-n", adminNs);
    assertEquals(1, role.exit());
    assertTrue(role.out().contains("roles.rbac.authorization.k8s.io \"node-reader\" is forbidden: user \"bob\" "
        + "(groups=[\"team-b\" \"system:authenticated\"]) is attempting to grant RBAC permissions not currently "
        + "held:\n{APIGroups:[\"\"], Resources:[\"nodes\"], Verbs:[\"get\"]}"), role.out());
    Run binding = kubectl(bob, "create", "rolebinding", "root", "--clusterrole=cluster-admin", "--user=bob", "-n",
        adminNs);
    assertEquals(1, binding.exit());
    assertTrue(binding.out().contains("rolebindings.rbac.authorization.k8s.io \"root\" is forbidden: user \"bob\" "
        + "(groups=[\"team-b\" \"system:authenticated\"]) is attempting to grant RBAC permissions not currently "
        + "held:\n"), binding.out());
    ok(bob, "create", "rolebinding", "carol-reads", "--role=pod-reader", "--user=carol", "-n", adminNs);
    Run clusterRole = kubectl(bob, "create", "clusterrole", "mine", "--verb=get", "--resource=pods");
    assertTrue(clusterRole.out().contains("clusterroles.rbac.authorization.k8s.io is forbidden: User \"bob\" "
        + "cannot create resource \"clusterroles\" in API group \"rbac.authorization.k8s.io\" at the cluster scope"),
        clusterRole.out());
  }

  @Test
  void aggregatedViewPicksUpANewLabelledClusterRole() throws Exception {
    String role = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: widgets-view
          labels:
            rbac.authorization.k8s.io/aggregate-to-view: "true"
        rules:
        - apiGroups: ["example.com"]
          resources: ["widgets"]
          verbs: ["get", "list", "watch"]
        """;
    Run applied = runWithInput(KUBECTL, admin, role, "apply", "-f", "-");
    assertEquals(0, applied.exit(), applied.out());
    for (String aggregated : List.of("view", "edit", "admin")) {
      await(() -> cluster.api().get("/apis/rbac.authorization.k8s.io/v1/clusterroles/" + aggregated).json()
          .path("rules").toString().contains("widgets"));
    }
    // kubectl can-i sends unknown resources without their group, so ask with a SubjectAccessReview
    String review = "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SubjectAccessReview\",\"spec\":{"
        + "\"user\":\"alice\",\"resourceAttributes\":{\"verb\":\"list\",\"group\":\"example.com\","
        + "\"resource\":\"widgets\",\"namespace\":\"" + viewNs + "\"}}}";
    await(() -> cluster.api().send("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", "application/json",
        review).json().path("status").path("allowed").asBoolean());
    JsonNode answer = cluster.api().send("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews",
        "application/json", review).json();
    assertEquals("RBAC: allowed by RoleBinding \"alice-view/" + viewNs + "\" of ClusterRole \"view\" to User "
        + "\"alice\"", answer.path("status").path("reason").asText());
    ok(admin, "delete", "clusterrole", "widgets-view");
    await(() -> !cluster.api().get("/apis/rbac.authorization.k8s.io/v1/clusterroles/view").json().path("rules")
        .toString().contains("widgets"));
  }

  @Test
  void defaultPolicyIsInPlaceAndAnonymousSeesOnlyPublicInfo() throws Exception {
    ApiClient api = cluster.api();
    JsonNode viewer = api.get("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system:public-info-viewer")
        .json();
    assertEquals("rbac-defaults", viewer.path("metadata").path("labels").path("kubernetes.io/bootstrapping").asText());
    assertEquals(List.of("system:authenticated", "system:unauthenticated"), viewer.path("subjects").findValues("name")
        .stream().map(JsonNode::asText).toList());
    assertEquals(200, api.get("/apis/rbac.authorization.k8s.io/v1/clusterroles/system:controller:"
        + "clusterrole-aggregation-controller").code());
    ApiClient anonymous = ApiClient.anonymous(admin);
    assertEquals(200, anonymous.get("/healthz").code());
    assertEquals(200, anonymous.get("/version").code());
    assertEquals(401, anonymous.get("/api").code());
    assertEquals(401, anonymous.get("/api/v1/namespaces/default/configmaps").code());
  }

  private static String lastLine(String out) {
    List<String> lines = out.strip().lines().toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
  }

  private static void await(java.util.concurrent.Callable<Boolean> condition) {
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(condition);
  }

  private static String ok(Path kubeconfig, String... args) throws Exception {
    Run r = kubectl(kubeconfig, args);
    if (r.exit() != 0) {
      throw new AssertionError("kubectl " + String.join(" ", args) + " exited " + r.exit() + ": " + r.out());
    }
    return r.out();
  }

  private static Run kubectl(Path kubeconfig, String... args) throws Exception {
    return run(KUBECTL, kubeconfig, args);
  }

  private static Run run(String binary, Path kubeconfig, String... args) throws Exception {
    return runWithInput(binary, kubeconfig, null, args);
  }

  private static Run runWithInput(String binary, Path kubeconfig, String stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(binary, "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Run(-1, "timed out");
    }
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
