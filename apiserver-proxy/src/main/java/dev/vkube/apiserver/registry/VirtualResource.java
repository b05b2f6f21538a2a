package dev.vkube.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.auth.UserInfo;

/**
 * A create-only resource or subresource that is computed, not stored (TokenReview,
 * SelfSubjectAccessReview, serviceaccounts/token, pods/eviction...). Registered in ApiServices under
 * "group/resource" or "group/resource/subresource"; {@code name} is the parent object's name for a
 * subresource. Runs on the event loop: answer from caches, never block. Throw ApiException to refuse.
 */
@FunctionalInterface
public interface VirtualResource {
  ObjectNode create(String namespace, String name, ObjectNode body, UserInfo user);

  static String key(String group, String resource, String subresource) {
    return group + "/" + resource + (subresource == null || subresource.isEmpty() ? "" : "/" + subresource);
  }
}
