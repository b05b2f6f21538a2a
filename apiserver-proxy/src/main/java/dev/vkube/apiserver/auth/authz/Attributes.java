package dev.vkube.apiserver.auth.authz;

import dev.vkube.apiserver.auth.UserInfo;

/**
 * What a request wants to do (authorizer.Attributes): for resource requests the verb (get, list, watch,
 * create, update, patch, delete, deletecollection, or impersonate, bind, escalate, approve, sign, use),
 * group, version, resource, subresource, namespace and name; for others the lower-case HTTP verb and path.
 */
public record Attributes(UserInfo user, String verb, boolean resourceRequest, String apiGroup, String apiVersion,
    String resource, String subresource, String namespace, String name, String path) {

  public static Attributes resource(UserInfo user, String verb, String group, String version, String resource,
      String subresource, String namespace, String name) {
    return new Attributes(user, verb, true, group, version, resource, subresource == null ? "" : subresource,
        namespace == null ? "" : namespace, name == null ? "" : name, "");
  }

  public static Attributes nonResource(UserInfo user, String verb, String path) {
    return new Attributes(user, verb, false, "", "", "", "", "", "", path);
  }
}
