package dev.vkube.apiserver.auth.authn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.auth.tokens.FakeObjects;
import dev.vkube.apiserver.auth.tokens.JwtSigner;
import dev.vkube.apiserver.auth.tokens.LegacyClaims;
import dev.vkube.apiserver.auth.tokens.TokenRequests;
import dev.vkube.apiserver.storage.Json;
import dev.vkube.certs.ServiceAccountKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceAccountTokenAuthenticatorTest {
  static final ServiceAccountKeys KEYS = ServiceAccountKeys.generate();
  static final ServiceAccountKeys OTHER_KEYS = ServiceAccountKeys.generate();
  static final String ISSUER = AuthenticationOptions.DEFAULT_ISSUER;
  static final List<String> API = List.of(ISSUER);
  final FakeObjects objects = new FakeObjects();
  final FakeObjects.TestClock clock = new FakeObjects.TestClock();
  final ServiceAccountTokenAuthenticator bound = ServiceAccountTokenAuthenticator.bound(API,
      List.of(KEYS.keyPair().getPublic()), API, objects, clock);
  final ServiceAccountTokenAuthenticator legacy = ServiceAccountTokenAuthenticator.legacy(
      List.of(KEYS.keyPair().getPublic()), API, objects);
  final UserInfo admin = UserInfo.of("admin", List.of());

  String issue(ServiceAccountKeys keys, String spec) throws Exception {
    TokenRequests requests = new TokenRequests(new JwtSigner(keys.keyPair()),
        new TokenRequests.Policy(ISSUER, API, 0, true), objects, clock, () -> "the-jti");
    return requests.create("ns", "robot", (ObjectNode) Json.MAPPER.readTree("{\"spec\":" + spec + "}"), admin)
        .path("status").path("token").asText();
  }

  String rejection(String token) {
    return assertThrows(AuthenticationException.class, () -> bound.authenticate(token, API)).getMessage();
  }

  @Test
  void issuedTokenAuthenticatesAsTheServiceAccount() throws Exception {
    ObjectNode sa = objects.put("serviceaccounts", "ns", "robot");
    TokenAuthenticator.Response response = bound.authenticate(issue(KEYS, "{}"), API).orElseThrow();
    UserInfo user = response.user();
    assertEquals("system:serviceaccount:ns:robot", user.name());
    assertEquals(sa.path("metadata").path("uid").asText(), user.uid());
    assertEquals(List.of("system:serviceaccounts", "system:serviceaccounts:ns"), user.groups());
    assertEquals(List.of("JTI=the-jti"), user.extra().get("authentication.kubernetes.io/credential-id"));
    assertEquals(API, response.audiences());
  }

  @Test
  void expiredAfterItsLifetimePlusOneMinuteOfLeeway() throws Exception {
    objects.put("serviceaccounts", "ns", "robot");
    String token = issue(KEYS, "{\"expirationSeconds\":600}");
    clock.advance(Duration.ofSeconds(660));
    assertTrue(bound.authenticate(token, API).isPresent());
    clock.advance(Duration.ofSeconds(1));
    assertEquals("service account token has expired", rejection(token));
  }

  @Test
  void otherAudiencesAreRejected() throws Exception {
    objects.put("serviceaccounts", "ns", "robot");
    String token = issue(KEYS, "{\"audiences\":[\"vault\"]}");
    assertEquals("token audiences [\"vault\"] is invalid for the target audiences [\"" + ISSUER + "\"]",
        rejection(token));
    assertEquals(List.of("vault"), bound.authenticate(token, List.of("vault")).orElseThrow().audiences());
  }

  @Test
  void signatureByAnotherKeyOrTamperedPayloadIsRejected() throws Exception {
    objects.put("serviceaccounts", "ns", "robot");
    assertEquals("invalid signature, no keys found", rejection(issue(OTHER_KEYS, "{}")));
    String[] parts = issue(KEYS, "{}").split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace("system:serviceaccount:ns:robot", "system:serviceaccount:ns:admin");
    String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertEquals("square/go-jose: error in cryptographic primitive", rejection(tampered));
  }

  @Test
  void deletedOrRecreatedServiceAccountInvalidatesTheToken() throws Exception {
    objects.put("serviceaccounts", "ns", "robot");
    String token = issue(KEYS, "{}");
    objects.remove("serviceaccounts", "ns", "robot");
    assertEquals("serviceaccounts \"robot\" not found", rejection(token));
    ObjectNode recreated = objects.put("serviceaccounts", "ns", "robot");
    assertTrue(rejection(token).startsWith("service account UID (" + recreated.path("metadata").path("uid").asText()
        + ") does not match claim"));
  }

  @Test
  void podBoundTokenCarriesThePodAndDiesWithIt() throws Exception {
    objects.put("serviceaccounts", "ns", "robot");
    ObjectNode pod = objects.put("pods", "ns", "web");
    pod.putObject("spec").put("serviceAccountName", "robot");
    String token = issue(KEYS, "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"web\"}}");
    UserInfo user = bound.authenticate(token, API).orElseThrow().user();
    assertEquals(List.of("web"), user.extra().get("authentication.kubernetes.io/pod-name"));
    assertEquals(List.of(pod.path("metadata").path("uid").asText()),
        user.extra().get("authentication.kubernetes.io/pod-uid"));
    pod.with("metadata").put("deletionTimestamp", clock.instant().toString());
    assertTrue(bound.authenticate(token, API).isPresent(), "deleting for less than the leeway");
    clock.advance(Duration.ofSeconds(61));
    assertEquals("service account token has been invalidated", rejection(token));
    objects.remove("pods", "ns", "web");
    assertEquals("service account token has been invalidated", rejection(token));
  }

  @Test
  void secretBoundTokenDiesWithTheSecret() throws Exception {
    objects.put("serviceaccounts", "ns", "robot");
    objects.put("secrets", "ns", "s");
    String token = issue(KEYS, "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"name\":\"s\"}}");
    assertTrue(bound.authenticate(token, API).isPresent());
    objects.put("secrets", "ns", "s");
    assertTrue(rejection(token).startsWith("secret UID ("));
  }

  @Test
  void tokensOfOtherIssuersAndNonJwtsAreLeftToOthers() {
    assertEquals(Optional.empty(), bound.authenticate("abcdef.0123456789abcdef", API));
    assertEquals(Optional.empty(), bound.authenticate("not.a.jwt", API));
    String foreign = new JwtSigner(KEYS.keyPair()).sign((ObjectNode) Json.MAPPER.createObjectNode()
        .put("iss", "https://elsewhere"));
    assertEquals(Optional.empty(), bound.authenticate(foreign, API));
  }

  @Test
  void legacyTokenIsGoodWhileItsSecretHoldsIt() {
    ObjectNode sa = objects.put("serviceaccounts", "ns", "robot");
    ObjectNode secret = objects.put("secrets", "ns", "robot-token");
    String token = new JwtSigner(KEYS.keyPair()).sign(new LegacyClaims("system:serviceaccount:ns:robot", "ns",
        "robot-token", "robot", sa.path("metadata").path("uid").asText()).toJson());
    assertEquals(Optional.empty(), bound.authenticate(token, API), "the bound authenticator ignores legacy tokens");
    assertEquals("token does not match server's copy",
        assertThrows(AuthenticationException.class, () -> legacy.authenticate(token, API)).getMessage());
    secret.putObject("data").put("token", Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
    UserInfo user = legacy.authenticate(token, API).orElseThrow().user();
    assertEquals("system:serviceaccount:ns:robot", user.name());
    assertEquals(List.of("system:serviceaccounts", "system:serviceaccounts:ns"), user.groups());
    secret.with("metadata").putObject("labels").put("kubernetes.io/legacy-token-invalid-since", "2025-01-01");
    assertTrue(assertThrows(AuthenticationException.class, () -> legacy.authenticate(token, API)).getMessage()
        .contains("has been marked invalid"));
    objects.remove("secrets", "ns", "robot-token");
    assertEquals("token has been invalidated",
        assertThrows(AuthenticationException.class, () -> legacy.authenticate(token, API)).getMessage());
  }

  @Test
  void keyIdIsTheUnpaddedBase64UrlSha256OfTheDerKey() throws Exception {
    byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(KEYS.keyPair().getPublic().getEncoded());
    String kid = JwtSigner.keyId(KEYS.keyPair().getPublic());
    assertEquals(43, kid.length());
    assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(hash), kid);
  }
}
