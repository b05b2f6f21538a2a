package dev.vkube.apiserver.auth.authz;

import dev.vkube.apiserver.auth.UserInfo;

/** Members of system:masters may do anything, before and regardless of RBAC (kube-apiserver's privileged group). */
public final class SystemMastersAuthorizer implements Authorizer {
  @Override
  public Decision authorize(Attributes attributes) {
    return attributes.user().inGroup(UserInfo.MASTERS) ? Decision.allow("") : Decision.NO_OPINION;
  }
}
