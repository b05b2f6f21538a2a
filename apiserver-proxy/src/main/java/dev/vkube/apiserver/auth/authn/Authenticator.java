package dev.vkube.apiserver.auth.authn;

import dev.vkube.apiserver.auth.UserInfo;
import java.util.Optional;

/**
 * One way of proving who a request is from (k8s.io/apiserver authenticator.Request). Runs on the event
 * loop: implementations must not block (read caches, not the network). Empty = this authenticator has
 * no opinion; an invalid credential it recognises throws {@link AuthenticationException}.
 */
@FunctionalInterface
public interface Authenticator {
  Optional<UserInfo> authenticate(AuthRequest request);
}
