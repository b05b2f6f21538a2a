package dev.vkube.apiserver.auth.authn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.auth.tokens.LegacyClaims;
import dev.vkube.apiserver.auth.tokens.ServiceAccountObjects;
import dev.vkube.apiserver.auth.tokens.ServiceAccountClaims;
import dev.vkube.apiserver.auth.tokens.ServiceAccountUsers;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Service-account JWTs (pkg/serviceaccount/jwt.go JWTTokenAuthenticator): a token whose unverified
 * issuer is not one of ours is left to the next authenticator; otherwise its signature, issuer and
 * audiences are checked here and its claims by a validator (bound tokens: {@link BoundTokenValidator},
 * Secret-based ones: {@link LegacyTokenValidator}).
 */
public final class ServiceAccountTokenAuthenticator implements TokenAuthenticator {
  /** Checks the claims of a token whose issuer and signature are verified (jwt.go Validator). */
  @FunctionalInterface
  interface Validator {
    ServiceAccountUsers.Info validate(String token, ObjectNode claims);
  }

  private final Set<String> issuers;
  private final JwtVerifier verifier;
  private final List<String> implicitAudiences;
  private final Validator validator;

  ServiceAccountTokenAuthenticator(List<String> issuers, List<PublicKey> keys, List<String> implicitAudiences,
      Validator validator) {
    this.issuers = Set.copyOf(issuers);
    this.verifier = new JwtVerifier(keys);
    this.implicitAudiences = List.copyOf(implicitAudiences);
    this.validator = validator;
  }

  /** Tokens from the TokenRequest API, good while their bound objects exist and they have not expired. */
  public static ServiceAccountTokenAuthenticator bound(List<String> issuers, List<PublicKey> keys,
      List<String> apiAudiences, ServiceAccountObjects objects, Clock clock) {
    return new ServiceAccountTokenAuthenticator(issuers, keys, apiAudiences, new BoundTokenValidator(objects, clock));
  }

  /** Tokens the tokens controller put in Secrets, good while that Secret holds them. */
  public static ServiceAccountTokenAuthenticator legacy(List<PublicKey> keys, List<String> apiAudiences,
      ServiceAccountObjects objects) {
    return new ServiceAccountTokenAuthenticator(List.of(LegacyClaims.ISSUER), keys, apiAudiences,
        new LegacyTokenValidator(objects));
  }

  @Override
  public Optional<Response> authenticate(String token, List<String> audiences) {
    String unverifiedIssuer = JwtVerifier.unverifiedIssuer(token);
    if (unverifiedIssuer == null || !issuers.contains(unverifiedIssuer)) {
      return Optional.empty();
    }
    Optional<ObjectNode> verified = verifier.verify(token);
    if (verified.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode claims = verified.get();
    String issuer = claims.path("iss").asText("");
    if (!issuers.contains(issuer)) {
      throw new AuthenticationException("token issuer \"" + issuer + "\" is invalid");
    }
    List<String> tokenAudiences = ServiceAccountClaims.audiences(claims.get("aud"));
    if (tokenAudiences.isEmpty()) {
      // Legacy tokens carry no audience: they are good for the API server's only.
      tokenAudiences = implicitAudiences;
    }
    List<String> accepted = Audiences.intersect(tokenAudiences, audiences);
    if (accepted.isEmpty() && !implicitAudiences.isEmpty()) {
      throw new AuthenticationException("token audiences " + Audiences.quoted(tokenAudiences)
          + " is invalid for the target audiences " + Audiences.quoted(audiences));
    }
    return Optional.of(new Response(validator.validate(token, claims).toUser(), accepted));
  }
}
