package dev.vkube.apiserver.auth.authn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.registry.VirtualResource;
import dev.vkube.apiserver.storage.Json;
import java.time.Clock;

/**
 * POST authentication.k8s.io `selfsubjectreviews` (v1, and v1beta1 for kubectl 1.27): who the
 * request is from, after impersonation (pkg/registry/authentication/selfsubjectreview/rest.go).
 * `kubectl auth whoami` prints it.
 */
public final class SelfSubjectReviews implements VirtualResource {
  private final Clock clock;

  public SelfSubjectReviews(Clock clock) {
    this.clock = clock;
  }

  @Override
  public ObjectNode create(String namespace, String name, ObjectNode body, UserInfo user) {
    ObjectNode review = Json.MAPPER.createObjectNode();
    review.put("kind", "SelfSubjectReview").put("apiVersion", "authentication.k8s.io/" + TokenReviews.version(body));
    review.putObject("metadata").put("creationTimestamp", Meta.timestamp(clock.instant()));
    review.putObject("status").set("userInfo", TokenReviews.UserInfoJson.of(user));
    return review;
  }
}
