package dev.vkube.apiserver.auth.authz;

import dev.vkube.apiserver.api.ApiException;
import java.util.List;

/**
 * The 403 kube-apiserver answers when authorization denies (endpoints/handlers/responsewriters
 * ForbiddenStatusError): `pods "p" is forbidden: User "u" cannot get resource "pods" in API group ""
 * in the namespace "ns"`, with the authorizer's reason appended.
 */
public final class Forbidden {
  private Forbidden() {}

  public static ApiException of(Attributes a, String reason) {
    String user = "User \"" + a.user().name() + "\"";
    String message;
    if (!a.resourceRequest()) {
      message = "forbidden: " + user + " cannot " + a.verb() + " path \"" + a.path() + "\"";
    } else {
      String resource = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
      String qualified = a.apiGroup().isEmpty() ? a.resource() : a.resource() + "." + a.apiGroup();
      String subject = a.name().isEmpty() ? qualified : qualified + " \"" + a.name() + "\"";
      String scope = a.namespace().isEmpty() ? "at the cluster scope" : "in the namespace \"" + a.namespace() + "\"";
      message = subject + " is forbidden: " + user + " cannot " + a.verb() + " resource \"" + resource
          + "\" in API group \"" + a.apiGroup() + "\" " + scope;
    }
    if (reason != null && !reason.isEmpty()) {
      message += ": " + reason;
    }
    return new ApiException(403, "Forbidden", message, a.resourceRequest() ? a.apiGroup() : null,
        a.resourceRequest() ? a.resource() : null, a.resourceRequest() && !a.name().isEmpty() ? a.name() : null,
        List.of(), null);
  }
}
