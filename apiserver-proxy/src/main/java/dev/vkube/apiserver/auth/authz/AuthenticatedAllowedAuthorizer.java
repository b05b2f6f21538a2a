package dev.vkube.apiserver.auth.authz;

import dev.vkube.apiserver.auth.UserInfo;
import java.util.Set;

/**
 * The foundation's policy until RBAC is configured: every authenticated user may do anything,
 * anonymous users only read health, version and discovery (what RBAC's system:public-info-viewer and
 * system:discovery grant by default).
 */
public final class AuthenticatedAllowedAuthorizer implements Authorizer {
  private static final Set<String> PUBLIC = Set.of("/healthz", "/livez", "/readyz", "/version");

  @Override
  public Decision authorize(Attributes a) {
    if (a.user().inGroup(UserInfo.AUTHENTICATED)) {
      return Decision.allow("");
    }
    boolean publicPath = !a.resourceRequest() && (PUBLIC.contains(a.path()) || a.path().startsWith("/readyz/")
        || a.path().startsWith("/livez/") || a.path().startsWith("/healthz/"));
    return publicPath ? Decision.allow("") : Decision.NO_OPINION;
  }
}
