package dev.vkube.apiserver.auth.authn;

import dev.vkube.apiserver.auth.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tries each authenticator in order (union authenticator); the first that recognises the request wins.
 * Every authenticated user is also in system:authenticated.
 */
public final class AuthenticatorChain implements Authenticator {
  private final List<Authenticator> authenticators;

  public AuthenticatorChain(List<Authenticator> authenticators) {
    this.authenticators = List.copyOf(authenticators);
  }

  @Override
  public Optional<UserInfo> authenticate(AuthRequest request) {
    for (Authenticator authenticator : authenticators) {
      Optional<UserInfo> user = authenticator.authenticate(request);
      if (user.isPresent()) {
        return user.map(AuthenticatorChain::withAuthenticatedGroup);
      }
    }
    return Optional.empty();
  }

  private static UserInfo withAuthenticatedGroup(UserInfo user) {
    if (user.inGroup(UserInfo.AUTHENTICATED) || user.name().equals(UserInfo.ANONYMOUS)) {
      return user;
    }
    List<String> groups = new ArrayList<>(user.groups());
    groups.add(UserInfo.AUTHENTICATED);
    return new UserInfo(user.name(), user.uid(), groups, user.extra());
  }
}
