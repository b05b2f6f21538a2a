package dev.vkube.apiserver.auth.authz;

import java.util.List;

/**
 * Asks each authorizer in turn; the first ALLOW or DENY decides, NO_OPINION goes on, and when none
 * decides the reasons are joined by newlines (apiserver's authorization/union).
 */
public final class AuthorizerChain implements Authorizer {
  private final List<Authorizer> authorizers;

  public AuthorizerChain(List<Authorizer> authorizers) {
    this.authorizers = List.copyOf(authorizers);
  }

  @Override
  public Decision authorize(Attributes attributes) {
    StringBuilder reasons = new StringBuilder();
    for (Authorizer authorizer : authorizers) {
      Decision decision = authorizer.authorize(attributes);
      if (decision.kind() != Decision.Kind.NO_OPINION) {
        return decision;
      }
      if (!decision.reason().isEmpty()) {
        reasons.append(reasons.length() == 0 ? "" : "\n").append(decision.reason());
      }
    }
    return new Decision(Decision.Kind.NO_OPINION, reasons.toString());
  }
}
