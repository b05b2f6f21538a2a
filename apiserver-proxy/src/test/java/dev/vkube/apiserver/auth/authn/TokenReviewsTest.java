package dev.vkube.apiserver.auth.authn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.auth.tokens.FakeObjects;
import dev.vkube.apiserver.storage.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenReviewsTest {
  static final List<String> API = List.of(AuthenticationOptions.DEFAULT_ISSUER);
  final BearerTokenAuthenticator bearer = new BearerTokenAuthenticator(List.of(
      TokenAuthenticator.audienceAgnostic(API, TokenFileAuthenticator.parse("f", "t1,alice,1001,devs\n")),
      (token, audiences) -> {
        if (token.startsWith("bad")) {
          throw new AuthenticationException("service account token has expired");
        }
        return java.util.Optional.empty();
      }), API);
  final TokenReviews reviews = new TokenReviews(bearer);

  ObjectNode review(String spec) throws Exception {
    return reviews.create(null, null, (ObjectNode) Json.MAPPER.readTree("{\"apiVersion\":\"authentication.k8s.io/v1\","
        + "\"kind\":\"TokenReview\",\"spec\":" + spec + "}"), UserInfo.of("admin", List.of()));
  }

  @Test
  void goodTokenIsReviewedAsAuthenticated() throws Exception {
    ObjectNode status = (ObjectNode) review("{\"token\":\"t1\"}").path("status");
    assertTrue(status.path("authenticated").asBoolean());
    assertEquals("alice", status.path("user").path("username").asText());
    assertEquals("1001", status.path("user").path("uid").asText());
    assertEquals("[\"devs\",\"system:authenticated\"]", status.path("user").path("groups").toString());
    assertEquals(API.get(0), status.path("audiences").get(0).asText());
  }

  @Test
  void unknownAndRejectedTokensSayWhy() throws Exception {
    ObjectNode unknown = (ObjectNode) review("{\"token\":\"nope\"}").path("status");
    assertFalse(unknown.path("authenticated").asBoolean());
    assertEquals("invalid bearer token", unknown.path("error").asText());
    assertEquals("service account token has expired", review("{\"token\":\"bad\"}").path("status").path("error")
        .asText());
    assertFalse(review("{\"token\":\"t1\",\"audiences\":[\"vault\"]}").path("status").path("authenticated")
        .asBoolean(), "a static token is not good for another audience");
  }

  @Test
  void tokenIsRequired() {
    ApiException e = assertThrows(ApiException.class, () -> review("{}"));
    assertEquals("token is required for TokenReview in authentication", e.getMessage());
  }

  @Test
  void requestWithAnUnrecognisedBearerTokenIsRejectedNotAnonymous() {
    AuthenticatorChain chain = new AuthenticatorChain(List.of(new X509Authenticator(
        dev.vkube.certs.CertificateAuthority.create("test-ca", java.time.Clock.systemUTC()).certificate(),
        java.time.Clock.systemUTC()), bearer));
    assertEquals("invalid bearer token", assertThrows(AuthenticationException.class,
        () -> chain.authenticate(new AuthRequest(List.of(), "garbage"))).getMessage());
    assertTrue(chain.authenticate(new AuthRequest(List.of(), null)).isEmpty(), "no credential: anonymous");
    assertEquals(List.of("devs", UserInfo.AUTHENTICATED),
        chain.authenticate(new AuthRequest(List.of(), "t1")).orElseThrow().groups());
  }

  @Test
  void selfSubjectReviewAnswersInTheVersionAsked() throws Exception {
    UserInfo user = new UserInfo("bob", "u1", List.of("g"), Map.of("k", List.of("v")));
    ObjectNode answer = new SelfSubjectReviews(new FakeObjects.TestClock()).create(null, null,
        (ObjectNode) Json.MAPPER.readTree("{\"apiVersion\":\"authentication.k8s.io/v1beta1\","
            + "\"kind\":\"SelfSubjectReview\",\"metadata\":{}}"), user);
    assertEquals("authentication.k8s.io/v1beta1", answer.path("apiVersion").asText());
    assertEquals("{\"username\":\"bob\",\"uid\":\"u1\",\"groups\":[\"g\"],\"extra\":{\"k\":[\"v\"]}}",
        answer.path("status").path("userInfo").toString());
  }
}
