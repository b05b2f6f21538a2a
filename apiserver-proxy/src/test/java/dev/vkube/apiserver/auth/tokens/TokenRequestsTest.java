package dev.vkube.apiserver.auth.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.storage.Json;
import dev.vkube.certs.ServiceAccountKeys;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenRequestsTest {
  static final ServiceAccountKeys KEYS = ServiceAccountKeys.generate();
  static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
  final FakeObjects objects = new FakeObjects();
  final FakeObjects.TestClock clock = new FakeObjects.TestClock();
  final TokenRequests requests = new TokenRequests(new JwtSigner(KEYS.keyPair()),
      new TokenRequests.Policy(ISSUER, List.of(ISSUER), 0, true), objects, clock, () -> "jti-1");
  final UserInfo admin = UserInfo.of("admin", List.of("system:masters"));

  static ObjectNode body(String json) throws Exception {
    return (ObjectNode) Json.MAPPER.readTree(json);
  }

  static JsonNode payload(String token) throws Exception {
    String[] parts = token.split("\\.");
    assertEquals(3, parts.length);
    JsonNode header = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
    assertEquals("RS256", header.path("alg").asText());
    assertEquals(JwtSigner.keyId(KEYS.keyPair().getPublic()), header.path("kid").asText());
    return Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }

  @Test
  void defaultsToAnHourForTheApiServerAudience() throws Exception {
    ObjectNode sa = objects.put("serviceaccounts", "ns", "robot");
    ObjectNode answer = requests.create("ns", "robot", body("{\"apiVersion\":\"authentication.k8s.io/v1\","
        + "\"kind\":\"TokenRequest\",\"spec\":{}}"), admin);
    assertEquals(3600, answer.path("spec").path("expirationSeconds").asLong());
    assertEquals(ISSUER, answer.path("spec").path("audiences").get(0).asText());
    assertEquals("2026-01-01T01:00:00Z", answer.path("status").path("expirationTimestamp").asText());
    assertEquals(sa.path("metadata").path("uid").asText(), answer.path("metadata").path("uid").asText());
    JsonNode claims = payload(answer.path("status").path("token").asText());
    assertEquals(ISSUER, claims.path("iss").asText());
    assertEquals(ISSUER, claims.path("aud").asText());
    assertEquals("system:serviceaccount:ns:robot", claims.path("sub").asText());
    long now = clock.instant().getEpochSecond();
    assertEquals(now, claims.path("iat").asLong());
    assertEquals(now, claims.path("nbf").asLong());
    assertEquals(now + 3600, claims.path("exp").asLong());
    assertEquals("jti-1", claims.path("jti").asText());
    JsonNode k8s = claims.path("kubernetes.io");
    assertEquals("ns", k8s.path("namespace").asText());
    assertEquals("robot", k8s.path("serviceaccount").path("name").asText());
    assertEquals(sa.path("metadata").path("uid").asText(), k8s.path("serviceaccount").path("uid").asText());
    assertFalse(k8s.has("pod"));
  }

  @Test
  void missingServiceAccountIsNotFound() {
    ApiException e = assertThrows(ApiException.class, () -> requests.create("ns", "ghost", body("{}"), admin));
    assertEquals(404, e.code());
    assertEquals("serviceaccounts \"ghost\" not found", e.getMessage());
  }

  @Test
  void lifetimesUnderTenMinutesAreInvalid() throws Exception {
    objects.put("serviceaccounts", "ns", "robot");
    ApiException e = assertThrows(ApiException.class, () -> requests.create("ns", "robot",
        body("{\"spec\":{\"expirationSeconds\":599}}"), admin));
    assertEquals(422, e.code());
    assertEquals("TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: 599: "
        + "may not specify a duration less than 10 minutes", e.getMessage());
    assertEquals(422, assertThrows(ApiException.class, () -> requests.create("ns", "robot",
        body("{\"spec\":{\"expirationSeconds\":4294967297}}"), admin)).code());
  }

  @Test
  void maximumExpirationCapsTheLifetime() throws Exception {
    objects.put("serviceaccounts", "ns", "robot");
    TokenRequests capped = new TokenRequests(new JwtSigner(KEYS.keyPair()),
        new TokenRequests.Policy(ISSUER, List.of(ISSUER), 7200, true), objects, clock, () -> "j");
    ObjectNode answer = capped.create("ns", "robot", body("{\"spec\":{\"expirationSeconds\":86400}}"), admin);
    assertEquals(7200, answer.path("spec").path("expirationSeconds").asLong());
    assertEquals(clock.instant().getEpochSecond() + 7200,
        payload(answer.path("status").path("token").asText()).path("exp").asLong());
  }

  @Test
  void bindsToAPodOfTheServiceAccountWithItsNode() throws Exception {
    objects.put("serviceaccounts", "ns", "robot");
    ObjectNode pod = objects.put("pods", "ns", "web");
    pod.putObject("spec").put("serviceAccountName", "robot").put("nodeName", "n1");
    ObjectNode node = objects.put("nodes", null, "n1");
    ObjectNode answer = requests.create("ns", "robot", body("{\"spec\":{\"boundObjectRef\":{\"apiVersion\":\"v1\","
        + "\"kind\":\"Pod\",\"name\":\"web\"}}}"), admin);
    JsonNode k8s = payload(answer.path("status").path("token").asText()).path("kubernetes.io");
    assertEquals(pod.path("metadata").path("uid").asText(), k8s.path("pod").path("uid").asText());
    assertEquals(node.path("metadata").path("uid").asText(), k8s.path("node").path("uid").asText());
    assertEquals("n1", k8s.path("node").path("name").asText());
  }

  @Test
  void kubeletsWarnOnlyLifetimeIsExtendedToAYearForPodTokens() throws Exception {
    objects.put("serviceaccounts", "ns", "robot");
    objects.put("pods", "ns", "web").putObject("spec").put("serviceAccountName", "robot");
    ObjectNode answer = requests.create("ns", "robot", body("{\"spec\":{\"expirationSeconds\":3607,"
        + "\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"web\"}}}"), admin);
    JsonNode claims = payload(answer.path("status").path("token").asText());
    long now = clock.instant().getEpochSecond();
    assertEquals(now + TokenRequests.EXTENDED_EXPIRATION_SECONDS, claims.path("exp").asLong());
    assertEquals(now + 3607, claims.path("kubernetes.io").path("warnafter").asLong());
    assertEquals("2026-01-01T01:00:07Z", answer.path("status").path("expirationTimestamp").asText());
  }

  @Test
  void boundObjectsMustExistMatchAndBeSupported() throws Exception {
    objects.put("serviceaccounts", "ns", "robot");
    assertEquals(404, assertThrows(ApiException.class, () -> requests.create("ns", "robot", body(
        "{\"spec\":{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"gone\"}}}"), admin)).code());
    objects.put("pods", "ns", "other").putObject("spec").put("serviceAccountName", "default");
    ApiException wrongSa = assertThrows(ApiException.class, () -> requests.create("ns", "robot", body(
        "{\"spec\":{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"other\"}}}"), admin));
    assertEquals(400, wrongSa.code());
    objects.put("secrets", "ns", "s");
    ApiException staleUid = assertThrows(ApiException.class, () -> requests.create("ns", "robot", body(
        "{\"spec\":{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"name\":\"s\",\"uid\":\"old\"}}}"),
        admin));
    assertEquals(409, staleUid.code());
    assertTrue(staleUid.getMessage().contains("the UID in the bound object reference (old) does not match"));
    ApiException kind = assertThrows(ApiException.class, () -> requests.create("ns", "robot", body(
        "{\"spec\":{\"boundObjectRef\":{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"d\"}}}"),
        admin));
    assertEquals("cannot bind token to object of type apps/v1, Kind=Deployment", kind.getMessage());
  }

  @Test
  void nameAndUidInTheBodyMustMatchTheServiceAccount() throws Exception {
    objects.put("serviceaccounts", "ns", "robot");
    assertEquals(422, assertThrows(ApiException.class, () -> requests.create("ns", "robot",
        body("{\"metadata\":{\"name\":\"other\"}}"), admin)).code());
    assertEquals(409, assertThrows(ApiException.class, () -> requests.create("ns", "robot",
        body("{\"metadata\":{\"uid\":\"not-it\"}}"), admin)).code());
  }
}
