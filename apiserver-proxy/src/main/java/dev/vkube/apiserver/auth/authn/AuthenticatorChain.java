package dev.vkube.apiserver.auth.authn;

import dev.vkube.apiserver.auth.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tries each authenticator in order (request/union): the first that recognises the request wins; an
 * invalid credential does not stop the others (a good client certificate wins over a bad token), but
 * when none accepts, the first rejection is the answer (401). Every authenticated user is also in
 * system:authenticated (group.AuthenticatedGroupAdder).
 */
public final class AuthenticatorChain implements Authenticator {
  private final List<Authenticator> authenticators;

  public AuthenticatorChain(List<Authenticator> authenticators) {
    this.authenticators = List.copyOf(authenticators);
  }

  @Override
  public Optional<UserInfo> authenticate(AuthRequest request) {
    AuthenticationException rejection = null;
    for (Authenticator authenticator : authenticators) {
      try {
        Optional<UserInfo> user = authenticator.authenticate(request);
        if (user.isPresent()) {
          return user.map(AuthenticatorChain::withAuthenticatedGroup);
        }
      } catch (AuthenticationException e) {
        rejection = rejection == null ? e : rejection;
      }
    }
    if (rejection != null) {
      throw rejection;
    }
    return Optional.empty();
  }

  static UserInfo withAuthenticatedGroup(UserInfo user) {
    if (user.inGroup(UserInfo.AUTHENTICATED) || user.name().equals(UserInfo.ANONYMOUS)) {
      return user;
    }
    List<String> groups = new ArrayList<>(user.groups());
    groups.add(UserInfo.AUTHENTICATED);
    return new UserInfo(user.name(), user.uid(), groups, user.extra());
  }
}
