package dev.vkube.apiserver.auth.authn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.auth.tokens.FakeObjects;
import dev.vkube.apiserver.storage.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BootstrapTokenAuthenticatorTest {
  static final List<String> API = List.of(AuthenticationOptions.DEFAULT_ISSUER);
  static final String TOKEN = "abcdef.0123456789abcdef";
  final FakeObjects.TestClock clock = new FakeObjects.TestClock();
  final FakeObjects objects = new FakeObjects();
  final BootstrapTokenAuthenticator authenticator = new BootstrapTokenAuthenticator(objects::secret, clock);
  ObjectNode secret;

  @BeforeEach
  void kubeadmToken() {
    secret = objects.put("secrets", "kube-system", "bootstrap-token-abcdef");
    secret.put("type", "bootstrap.kubernetes.io/token");
    data("token-id", "abcdef");
    data("token-secret", "0123456789abcdef");
    data("usage-bootstrap-authentication", "true");
    data("expiration", "2026-01-02T00:00:00Z");
    data("auth-extra-groups", "system:bootstrappers:kubeadm:default-node-token");
  }

  void data(String key, String value) {
    secret.with("data").put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
  }

  boolean accepted() {
    return authenticator.authenticate(TOKEN, API).isPresent();
  }

  @Test
  void validTokenIsTheBootstrapUserInSortedGroups() {
    data("auth-extra-groups", "system:bootstrappers:z,system:bootstrappers:a,system:bootstrappers:a");
    UserInfo user = authenticator.authenticate(TOKEN, API).orElseThrow().user();
    assertEquals("system:bootstrap:abcdef", user.name());
    assertEquals(List.of("system:bootstrappers", "system:bootstrappers:a", "system:bootstrappers:z"), user.groups());
  }

  @Test
  void onlyTheExactFormatIsConsidered() {
    for (String token : List.of("abcdef.0123456789abcde", "ABCDEF.0123456789abcdef", "abcdef:0123456789abcdef",
        " abcdef.0123456789abcdef", "abcdef.0123456789abcdef0")) {
      assertTrue(authenticator.authenticate(token, API).isEmpty(), token);
    }
  }

  @Test
  void wrongSecretOrMismatchedIdIsRefused() {
    assertTrue(authenticator.authenticate("abcdef.0123456789abcdee", API).isEmpty());
    data("token-id", "abcdeg");
    assertTrue(authenticator.authenticate(TOKEN, API).isEmpty());
  }

  @Test
  void expiredOrUnparsableExpirationIsRefused() {
    assertTrue(accepted());
    clock.advance(Duration.ofDays(1).plusSeconds(1));
    assertTrue(!accepted(), "expired");
    data("expiration", "2027-01-01T00:00:00Z");
    assertTrue(accepted());
    data("expiration", "tomorrow");
    assertTrue(!accepted(), "unparsable counts as expired");
    secret.with("data").remove("expiration");
    assertTrue(accepted(), "no expiration never expires");
  }

  @Test
  void usageTypeAndDeletionAreChecked() {
    data("usage-bootstrap-authentication", "yes");
    assertTrue(!accepted());
    data("usage-bootstrap-authentication", "true");
    secret.put("type", "Opaque");
    assertTrue(!accepted());
    secret.put("type", "bootstrap.kubernetes.io/token");
    secret.with("metadata").put("deletionTimestamp", "2026-01-01T00:00:00Z");
    assertTrue(!accepted());
  }

  @Test
  void oneInvalidExtraGroupRefusesTheToken() {
    data("auth-extra-groups", "system:bootstrappers:ok,system:masters");
    assertTrue(!accepted());
    data("auth-extra-groups", "system:bootstrappers:ends-with-dash-");
    assertTrue(!accepted());
  }

  @Test
  void bootstrapTokensAreOnlyForTheApiServerAudience() {
    TokenAuthenticator agnostic = TokenAuthenticator.audienceAgnostic(API, authenticator);
    assertEquals(API, agnostic.authenticate(TOKEN, API).orElseThrow().audiences());
    assertTrue(agnostic.authenticate(TOKEN, List.of("vault")).isEmpty());
  }

  @Test
  void secretsWithStringDataAreRead() throws Exception {
    secret.remove("data");
    secret.set("stringData", Json.MAPPER.readTree("{\"token-id\":\"abcdef\",\"token-secret\":\"0123456789abcdef\","
        + "\"usage-bootstrap-authentication\":\"true\"}"));
    assertTrue(accepted());
  }
}
