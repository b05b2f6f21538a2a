package dev.vkube.apiserver.auth.authz;

import dev.vkube.apiserver.ServerContext;
import java.util.List;

/** Builds the authorizer chain of a virtual cluster (--authorization-mode). */
public final class Authorization {
  private Authorization() {}

  public static Authorizer chain(ServerContext context) {
    return new AuthorizerChain(List.of(new SystemMastersAuthorizer(), new AuthenticatedAllowedAuthorizer()));
  }
}
