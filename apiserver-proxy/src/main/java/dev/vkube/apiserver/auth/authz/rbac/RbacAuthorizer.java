package dev.vkube.apiserver.auth.authz.rbac;

import dev.vkube.apiserver.auth.authz.Attributes;
import dev.vkube.apiserver.auth.authz.Authorizer;
import dev.vkube.apiserver.auth.authz.Decision;
import java.util.ArrayList;
import java.util.List;

/**
 * kube-apiserver's RBAC authorizer (plugin/pkg/auth/authorizer/rbac/rbac.go): allows when any rule
 * that applies to the user allows the request, with the reason {@code RBAC: allowed by ...}; otherwise
 * has no opinion, with the role-resolution errors met on the way as the reason. It never denies.
 */
public final class RbacAuthorizer implements Authorizer {
  private final RuleResolver resolver;

  public RbacAuthorizer(RbacSource source) {
    this.resolver = new RuleResolver(source);
  }

  public RuleResolver resolver() {
    return resolver;
  }

  @Override
  public Decision authorize(Attributes a) {
    Binding[] allowedBy = new Binding[1];
    List<String> errors = new ArrayList<>(0);
    resolver.visitRulesFor(a.user(), a.namespace(), (binding, rule, error) -> {
      if (rule != null && rule.allows(a)) {
        allowedBy[0] = binding;
        return false;
      }
      if (error != null) {
        errors.add(error);
      }
      return true;
    });
    if (allowedBy[0] != null) {
      return Decision.allow("RBAC: allowed by " + allowedBy[0].describe(a.user()));
    }
    String error = RuleResolver.aggregate(errors);
    return error == null ? Decision.NO_OPINION : new Decision(Decision.Kind.NO_OPINION, "RBAC: " + error);
  }
}
