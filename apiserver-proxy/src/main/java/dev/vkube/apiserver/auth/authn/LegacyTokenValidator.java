package dev.vkube.apiserver.auth.authn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.auth.tokens.LegacyClaims;
import dev.vkube.apiserver.auth.tokens.ServiceAccountObjects;
import dev.vkube.apiserver.auth.tokens.SecretData;
import dev.vkube.apiserver.auth.tokens.ServiceAccountUsers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The claims check of Secret-based tokens (pkg/serviceaccount/legacy.go, with lookup on): the Secret
 * must exist, not be deleting, hold exactly this token and not be labelled invalid; the service
 * account must exist with the uid in the token.
 */
final class LegacyTokenValidator implements ServiceAccountTokenAuthenticator.Validator {
  static final String INVALID_SINCE_LABEL = "kubernetes.io/legacy-token-invalid-since";
  private static final String INVALIDATED = "token has been invalidated";
  private final ServiceAccountObjects objects;

  LegacyTokenValidator(ServiceAccountObjects objects) {
    this.objects = objects;
  }

  @Override
  public ServiceAccountUsers.Info validate(String token, ObjectNode payload) {
    LegacyClaims claims = LegacyClaims.fromJson(payload);
    requireClaims(claims);
    String[] subject = ServiceAccountUsers.split(claims.subject());
    if (subject == null || !subject[0].equals(claims.namespace()) || !subject[1].equals(claims.serviceAccountName())) {
      throw new AuthenticationException("sub claim is invalid");
    }
    String namespace = claims.namespace();
    ObjectNode secret = objects.secret(namespace, claims.secretName());
    if (secret == null || secret.path("metadata").hasNonNull("deletionTimestamp")) {
      throw new AuthenticationException(INVALIDATED);
    }
    byte[] stored = SecretData.bytes(secret, "token");
    if (stored == null || !MessageDigest.isEqual(stored, token.getBytes(StandardCharsets.UTF_8))) {
      throw new AuthenticationException("token does not match server's copy");
    }
    ObjectNode sa = objects.serviceAccount(namespace, claims.serviceAccountName());
    if (sa == null) {
      throw new AuthenticationException("serviceaccounts \"" + claims.serviceAccountName() + "\" not found");
    }
    if (sa.path("metadata").hasNonNull("deletionTimestamp")) {
      throw new AuthenticationException("service account " + namespace + "/" + claims.serviceAccountName()
          + " has been deleted");
    }
    if (!BoundTokenValidator.uid(sa).equals(claims.serviceAccountUid())) {
      throw new AuthenticationException("service account UID (" + BoundTokenValidator.uid(sa)
          + ") does not match claim (" + claims.serviceAccountUid() + ")");
    }
    if (!SecretData.label(secret, INVALID_SINCE_LABEL).isEmpty()) {
      throw new AuthenticationException("the token in secret " + namespace + "/" + claims.secretName()
          + " for service account " + namespace + "/" + claims.serviceAccountName() + " has been marked invalid. "
          + "Use tokens from the TokenRequest API or manually created secret-based tokens, or remove the '"
          + INVALID_SINCE_LABEL + "' label from the secret to temporarily allow use of this token");
    }
    return ServiceAccountUsers.Info.of(namespace, claims.serviceAccountName(), claims.serviceAccountUid());
  }

  private static void requireClaims(LegacyClaims claims) {
    if (claims.subject().isEmpty()) {
      throw new AuthenticationException("sub claim is missing");
    }
    if (claims.namespace().isEmpty()) {
      throw new AuthenticationException("namespace claim is missing");
    }
    if (claims.secretName().isEmpty()) {
      throw new AuthenticationException("secretName claim is missing");
    }
    if (claims.serviceAccountName().isEmpty()) {
      throw new AuthenticationException("serviceAccountName claim is missing");
    }
    if (claims.serviceAccountUid().isEmpty()) {
      throw new AuthenticationException("serviceAccountUID claim is missing");
    }
  }
}
