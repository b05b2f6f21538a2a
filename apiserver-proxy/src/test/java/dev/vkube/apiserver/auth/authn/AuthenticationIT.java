package dev.vkube.apiserver.auth.authn;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.apiserver.ServerOptions;
import dev.vkube.apiserver.VirtualCluster;
import dev.vkube.apiserver.auth.tokens.JwtSigner;
import dev.vkube.apiserver.auth.tokens.ObjectRef;
import dev.vkube.apiserver.auth.tokens.ServiceAccountClaims;
import dev.vkube.apiserver.storage.Json;
import dev.vkube.apiserver.testing.EtcdExtension;
import dev.vkube.certs.Pem;
import dev.vkube.certs.ServiceAccountKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer tokens as users meet them, through real kubectl: `kubectl create token`, legacy token
 * Secrets, bootstrap tokens and the static token file, each checked with `kubectl auth whoami`; bad,
 * expired and tampered tokens are each 401.
 */
class AuthenticationIT {
  private static final String KUBECTL = "/usr/lib/google-cloud-sdk/bin/kubectl.1.33";
  private static final String KUBECTL_127 = "/usr/lib/google-cloud-sdk/bin/kubectl.1.27";
  private static final String UNAUTHORIZED = "error: You must be logged in to the server (Unauthorized)";
  @RegisterExtension
  static EtcdExtension etcd = new EtcdExtension();
  @TempDir
  static Path dir;
  static VirtualCluster cluster;
  static Path admin;

  record Run(int exit, String out) {}

  @BeforeAll
  static void start() throws Exception {
    Path tokens = dir.resolve("tokens.csv");
    Files.writeString(tokens, "static-secret-token,automation,9001,\"ci,deployers\"\n");
    Path data = dir.resolve("data");
    cluster = VirtualCluster.start(new ServerOptions(List.of(etcd.endpoint()), "/it-" + UUID.randomUUID(), data,
        data.resolve("pki"), "127.0.0.1", 0, "10.96.0.0/12", List.of(),
        AuthenticationOptions.defaults().withTokenAuthFile(tokens), true));
    admin = data.resolve("admin.kubeconfig");
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static Run kubectl(String binary, Path kubeconfig, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(binary, "--kubeconfig", kubeconfig.toString(),
        "--cache-dir", dir.resolve("cache").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Run(-1, "timed out");
    }
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
  }

  static String admin(String... args) throws Exception {
    Run r = kubectl(KUBECTL, admin, args);
    assertEquals(0, r.exit(), "kubectl " + String.join(" ", args) + ": " + r.out());
    return r.out();
  }

  /** A kubeconfig for the cluster with only a bearer token. */
  static Path withToken(String token) throws Exception {
    String config = Files.readString(admin);
    String kubeconfig = "apiVersion: v1\nkind: Config\nclusters:\n- name: vkube\n  cluster:\n    server: "
        + field(config, "server") + "\n    certificate-authority-data: " + field(config, "certificate-authority-data")
        + "\nusers:\n- name: bearer\n  user:\n    token: " + token + "\ncontexts:\n- name: bearer\n  context:\n"
        + "    cluster: vkube\n    user: bearer\ncurrent-context: bearer\n";
    Path file = dir.resolve("token-" + UUID.randomUUID() + ".kubeconfig");
    Files.writeString(file, kubeconfig);
    return file;
  }

  static String field(String yaml, String name) {
    Matcher m = Pattern.compile(name + ":\\s*(\\S+)").matcher(yaml);
    assertTrue(m.find(), name);
    return m.group(1);
  }

  static Run whoami(String binary, String token) throws Exception {
    return kubectl(binary, withToken(token), "auth", "whoami");
  }

  static String namespace() throws Exception {
    String ns = "t-" + UUID.randomUUID().toString().substring(0, 8);
    admin("create", "namespace", ns);
    return ns;
  }

  @Test
  void createdTokenAuthenticatesAsTheServiceAccountUntilItIsDeleted() throws Exception {
    String ns = namespace();
    admin("create", "serviceaccount", "robot", "-n", ns);
    String token = admin("create", "token", "robot", "-n", ns);
    Run who = whoami(KUBECTL, token);
    assertEquals(0, who.exit(), who.out());
    assertTrue(who.out().contains("system:serviceaccount:" + ns + ":robot"), who.out());
    assertTrue(who.out().contains("system:serviceaccounts:" + ns), who.out());
    assertTrue(who.out().contains("authentication.kubernetes.io/credential-id"), who.out());
    Run discovery = kubectl(KUBECTL, withToken(token), "get", "--raw", "/api");
    assertEquals(0, discovery.exit(), discovery.out());
    String oldToken = kubectl(KUBECTL_127, admin, "create", "token", "robot", "-n", ns, "--duration=10m").out();
    assertEquals(0, whoami(KUBECTL, oldToken).exit(), "kubectl 1.27's token request");
    admin("delete", "serviceaccount", "robot", "-n", ns);
    await().atMost(Duration.ofSeconds(10)).until(() -> whoami(KUBECTL, token).out().equals(UNAUTHORIZED));
    admin("create", "serviceaccount", "robot", "-n", ns);
    await().atMost(Duration.ofSeconds(10)).until(() -> kubectl(KUBECTL, admin, "get", "sa", "robot", "-n", ns)
        .exit() == 0);
    assertEquals(UNAUTHORIZED, whoami(KUBECTL, token).out(), "a recreated service account has a new uid");
  }

  @Test
  void tokenRequestForAMissingServiceAccountIsNotFound() throws Exception {
    Run r = kubectl(KUBECTL, admin, "create", "token", "ghost", "-n", "default");
    assertEquals(1, r.exit());
    assertEquals("error: failed to create token: serviceaccounts \"ghost\" not found", r.out());
  }

  @Test
  void whoamiWorksWithKubectl127() throws Exception {
    String ns = namespace();
    admin("create", "serviceaccount", "robot", "-n", ns);
    Run who = whoami(KUBECTL_127, admin("create", "token", "robot", "-n", ns));
    assertEquals(0, who.exit(), who.out());
    assertTrue(who.out().contains("system:serviceaccount:" + ns + ":robot"), who.out());
  }

  @Test
  void garbageExpiredAndTamperedTokensAreUnauthorized() throws Exception {
    String ns = namespace();
    admin("create", "serviceaccount", "robot", "-n", ns);
    String uid = admin("get", "serviceaccount", "robot", "-n", ns, "-o", "jsonpath={.metadata.uid}");
    assertEquals(UNAUTHORIZED, whoami(KUBECTL, "garbage").out());
    assertEquals(UNAUTHORIZED, whoami(KUBECTL, "abcdef.0123456789abcdef").out(), "unknown bootstrap token");
    ServiceAccountKeys keys = ServiceAccountKeys.fromPrivateKey(Pem.readPrivateKey(Files.readString(
        dir.resolve("data/pki/sa.key"))));
    long past = Instant.now().minus(Duration.ofHours(2)).getEpochSecond();
    ServiceAccountClaims expired = new ServiceAccountClaims(AuthenticationOptions.DEFAULT_ISSUER,
        "system:serviceaccount:" + ns + ":robot", List.of(AuthenticationOptions.DEFAULT_ISSUER), past, past,
        past + 3600, "j", ns, new ObjectRef("robot", uid), null, null, null, null);
    assertEquals(UNAUTHORIZED, whoami(KUBECTL, new JwtSigner(keys.keyPair()).sign(expired.toJson())).out());
    String valid = admin("create", "token", "robot", "-n", ns);
    String[] parts = valid.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace(":robot\"", ":admin\"");
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
        payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertEquals(UNAUTHORIZED, whoami(KUBECTL, tampered).out());
    assertEquals(0, whoami(KUBECTL, valid).exit());
  }

  @Test
  void bootstrapTokenWorksUntilItExpires() throws Exception {
    admin("create", "secret", "generic", "bootstrap-token-a1b2c3", "-n", "kube-system",
        "--type=bootstrap.kubernetes.io/token", "--from-literal=token-id=a1b2c3",
        "--from-literal=token-secret=0123456789abcdef", "--from-literal=usage-bootstrap-authentication=true",
        "--from-literal=auth-extra-groups=system:bootstrappers:kubeadm:default-node-token",
        "--from-literal=expiration=" + Instant.now().plus(Duration.ofHours(1)));
    await().atMost(Duration.ofSeconds(10)).until(() -> whoami(KUBECTL, "a1b2c3.0123456789abcdef").exit() == 0);
    Run who = whoami(KUBECTL, "a1b2c3.0123456789abcdef");
    assertTrue(who.out().contains("system:bootstrap:a1b2c3"), who.out());
    assertTrue(who.out().contains("system:bootstrappers:kubeadm:default-node-token"), who.out());
    admin("create", "secret", "generic", "bootstrap-token-z9y8x7", "-n", "kube-system",
        "--type=bootstrap.kubernetes.io/token", "--from-literal=token-id=z9y8x7",
        "--from-literal=token-secret=0123456789abcdef", "--from-literal=usage-bootstrap-authentication=true",
        "--from-literal=expiration=" + Instant.now().minus(Duration.ofMinutes(1)));
    assertEquals(UNAUTHORIZED, whoami(KUBECTL, "z9y8x7.0123456789abcdef").out());
  }

  @Test
  void handMadeTokenSecretIsFilledInAndItsTokenWorks() throws Exception {
    String ns = namespace();
    admin("create", "serviceaccount", "builder", "-n", ns);
    Path secret = dir.resolve("secret-" + ns + ".yaml");
    Files.writeString(secret, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: builder-token\n  annotations:\n"
        + "    kubernetes.io/service-account.name: builder\ntype: kubernetes.io/service-account-token\n");
    admin("apply", "-n", ns, "-f", secret.toString());
    await().atMost(Duration.ofSeconds(10)).until(() -> !kubectl(KUBECTL, admin, "get", "secret", "builder-token",
        "-n", ns, "-o", "jsonpath={.data.token}").out().isEmpty());
    String uid = admin("get", "serviceaccount", "builder", "-n", ns, "-o", "jsonpath={.metadata.uid}");
    String annotated = admin("get", "secret", "builder-token", "-n", ns, "-o",
        "jsonpath={.metadata.annotations.kubernetes\\.io/service-account\\.uid}");
    assertEquals(uid, annotated);
    String namespaceKey = admin("get", "secret", "builder-token", "-n", ns, "-o", "jsonpath={.data.namespace}");
    assertEquals(ns, new String(Base64.getDecoder().decode(namespaceKey), StandardCharsets.UTF_8));
    String caKey = admin("get", "secret", "builder-token", "-n", ns, "-o", "jsonpath={.data.ca\\.crt}");
    assertTrue(new String(Base64.getDecoder().decode(caKey), StandardCharsets.UTF_8).contains("BEGIN CERTIFICATE"));
    String token = new String(Base64.getDecoder().decode(admin("get", "secret", "builder-token", "-n", ns, "-o",
        "jsonpath={.data.token}")), StandardCharsets.UTF_8);
    Run who = whoami(KUBECTL, token);
    assertTrue(who.out().contains("system:serviceaccount:" + ns + ":builder"), who.out());
    admin("delete", "secret", "builder-token", "-n", ns);
    await().atMost(Duration.ofSeconds(10)).until(() -> whoami(KUBECTL, token).out().equals(UNAUTHORIZED));
  }

  @Test
  void staticTokenFileUserHasItsGroups() throws Exception {
    Run who = whoami(KUBECTL, "static-secret-token");
    assertEquals(0, who.exit(), who.out());
    assertTrue(who.out().contains("automation"), who.out());
    assertTrue(who.out().contains("[ci deployers system:authenticated]"), who.out());
  }

  @Test
  void tokenReviewReportsTheUser() throws Exception {
    Path review = dir.resolve("review.json");
    Files.writeString(review, Json.MAPPER.createObjectNode().put("apiVersion", "authentication.k8s.io/v1")
        .put("kind", "TokenReview").set("spec", Json.MAPPER.createObjectNode().put("token", "static-secret-token"))
        .toString());
    assertEquals("true automation", admin("create", "--validate=false", "-f", review.toString(), "-o",
        "jsonpath={.status.authenticated} {.status.user.username}"));
  }
}
