package dev.vkube.apiserver.auth.authn;

import dev.vkube.apiserver.auth.UserInfo;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates a bearer token for some audiences (authenticator.Token with the request's audiences).
 * Empty: not a token this authenticator knows, the next one may; a token it knows but finds invalid
 * throws {@link AuthenticationException}. Runs on the event loop: reads caches only.
 */
@FunctionalInterface
public interface TokenAuthenticator {
  Optional<Response> authenticate(String token, List<String> audiences);

  /** The user and the audiences the token was accepted for (authenticator.Response). */
  record Response(UserInfo user, List<String> audiences) {
    public Response {
      audiences = List.copyOf(audiences);
    }
  }

  /**
   * WrapAudienceAgnosticToken (authenticator/audagnostic.go): a token that carries no audience
   * (bootstrap, static file) is good only for the API server's own audiences.
   */
  static TokenAuthenticator audienceAgnostic(List<String> implicitAudiences, TokenAuthenticator delegate) {
    return (token, audiences) -> {
      List<String> accepted = Audiences.intersect(implicitAudiences, audiences);
      if (accepted.isEmpty()) {
        return Optional.empty();
      }
      return delegate.authenticate(token, audiences).map(r -> new Response(r.user(), accepted));
    };
  }
}
