package dev.vkube.apiserver.admission;

import dev.vkube.apiserver.api.ApiException;
import java.util.Locale;

/** admission.NewForbidden: a 403 naming the request's resource and object. */
public final class Refusals {
  private Refusals() {}

  public static ApiException forbidden(AdmissionRequest request, String reason) {
    return forbidden(request.group(), request.resource(), request.name() == null ? "" : request.name(), reason);
  }

  public static ApiException forbidden(String group, String resource, String name, String reason) {
    String qualified = group == null || group.isEmpty() ? resource : resource + "." + group.toLowerCase(Locale.ROOT);
    return new ApiException(403, "Forbidden", qualified + " \"" + name + "\" is forbidden: " + reason, group, resource,
        name, null, null);
  }
}
