package dev.vkube.apiserver.auth.authn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.auth.tokens.SecretData;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bootstrap tokens (plugin/pkg/auth/authenticator/token/bootstrap/bootstrap.go, specs/kubeadm-join.md
 * §1): `ID.SECRET` checked against the Secret kube-system/bootstrap-token-ID. A token that is not of
 * that form, or whose Secret does not vouch for it, is not recognised (which the bearer authenticator
 * turns into 401), as upstream does.
 */
public final class BootstrapTokenAuthenticator implements TokenAuthenticator {
  public static final String NAMESPACE = "kube-system";
  public static final String SECRET_PREFIX = "bootstrap-token-";
  public static final String SECRET_TYPE = "bootstrap.kubernetes.io/token";
  public static final String USER_PREFIX = "system:bootstrap:";
  public static final String DEFAULT_GROUP = "system:bootstrappers";
  private static final Pattern TOKEN = Pattern.compile("([a-z0-9]{6})\\.([a-z0-9]{16})");
  private static final Pattern EXTRA_GROUP = Pattern.compile("system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]");
  private final BiFunction<String, String, ObjectNode> secrets;
  private final Clock clock;

  /** {@code secrets} reads a Secret by namespace and name from a cache (null when absent). */
  public BootstrapTokenAuthenticator(BiFunction<String, String, ObjectNode> secrets, Clock clock) {
    this.secrets = secrets;
    this.clock = clock;
  }

  @Override
  public Optional<Response> authenticate(String token, List<String> audiences) {
    Matcher parsed = TOKEN.matcher(token);
    if (!parsed.matches()) {
      return Optional.empty();
    }
    String id = parsed.group(1);
    ObjectNode secret = secrets.apply(NAMESPACE, SECRET_PREFIX + id);
    if (secret == null || secret.path("metadata").hasNonNull("deletionTimestamp")
        || !SECRET_TYPE.equals(SecretData.type(secret)) || !SecretData.hasData(secret)) {
      return Optional.empty();
    }
    byte[] expected = SecretData.text(secret, "token-secret").getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected, parsed.group(2).getBytes(StandardCharsets.UTF_8))
        || !id.equals(SecretData.text(secret, "token-id")) || expired(secret)
        || !"true".equals(SecretData.text(secret, "usage-bootstrap-authentication"))) {
      return Optional.empty();
    }
    List<String> groups = groups(secret);
    if (groups == null) {
      return Optional.empty();
    }
    return Optional.of(new Response(new UserInfo(USER_PREFIX + id, "", groups, Map.of()), List.of()));
  }

  /** HasExpired: an `expiration` that does not parse as RFC 3339 counts as expired. */
  boolean expired(ObjectNode secret) {
    String expiration = SecretData.text(secret, "expiration");
    if (expiration.isEmpty()) {
      return false;
    }
    try {
      return clock.instant().isAfter(OffsetDateTime.parse(expiration).toInstant());
    } catch (DateTimeParseException e) {
      return true;
    }
  }

  /** GetGroups: sorted, de-duplicated, always with system:bootstrappers; null when one is invalid. */
  static List<String> groups(ObjectNode secret) {
    TreeSet<String> groups = new TreeSet<>(List.of(DEFAULT_GROUP));
    String extra = SecretData.text(secret, "auth-extra-groups");
    if (!extra.isEmpty()) {
      for (String group : extra.split(",", -1)) {
        if (!EXTRA_GROUP.matcher(group).matches()) {
          return null;
        }
        groups.add(group);
      }
    }
    return List.copyOf(groups);
  }
}
