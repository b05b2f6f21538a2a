package dev.vkube.apiserver.auth.authn;

import dev.vkube.apiserver.auth.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bearer token of a request against the token authenticators in order (request/bearertoken over
 * token/union): the first that accepts wins; the rejections of the others are collected; a token that
 * nobody accepts is "invalid bearer token" — never anonymous. Requests are checked for the API
 * server's audiences; TokenReview asks for others.
 */
public final class BearerTokenAuthenticator implements Authenticator {
  static final String INVALID_TOKEN = "invalid bearer token";
  private final List<TokenAuthenticator> authenticators;
  private final List<String> apiAudiences;

  public BearerTokenAuthenticator(List<TokenAuthenticator> authenticators, List<String> apiAudiences) {
    this.authenticators = List.copyOf(authenticators);
    this.apiAudiences = List.copyOf(apiAudiences);
  }

  @Override
  public Optional<UserInfo> authenticate(AuthRequest request) {
    String token = request.bearerToken();
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(authenticate(token, apiAudiences).user());
  }

  /** The first acceptance, else throws with the collected reasons (utilerrors.NewAggregate's text). */
  public TokenAuthenticator.Response authenticate(String token, List<String> audiences) {
    List<String> errors = new ArrayList<>();
    for (TokenAuthenticator authenticator : authenticators) {
      try {
        Optional<TokenAuthenticator.Response> response = authenticator.authenticate(token, audiences);
        if (response.isPresent()) {
          return response.get();
        }
      } catch (AuthenticationException e) {
        errors.add(e.getMessage());
      }
    }
    if (errors.isEmpty()) {
      throw new AuthenticationException(INVALID_TOKEN);
    }
    throw new AuthenticationException(errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
  }

  public List<String> apiAudiences() {
    return apiAudiences;
  }
}
