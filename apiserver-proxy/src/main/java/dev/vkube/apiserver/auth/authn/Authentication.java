package dev.vkube.apiserver.auth.authn;

import dev.vkube.apiserver.ServerContext;
import java.util.List;

/** Builds the authenticator chain of a virtual cluster (kube-apiserver's authenticator config). */
public final class Authentication {
  private Authentication() {}

  public static Authenticator chain(ServerContext context) {
    return new AuthenticatorChain(List.of(new X509Authenticator()));
  }
}
