package dev.vkube.apiserver.auth.authn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.registry.VirtualResource;
import dev.vkube.apiserver.auth.tokens.ServiceAccountClaims;
import java.util.List;

/**
 * POST authentication.k8s.io/v1 `tokenreviews` (pkg/registry/authentication/tokenreview/storage.go):
 * authenticates spec.token for spec.audiences (default: the API server's) as a request bearing it
 * would be, and answers with the review and its status (authenticated, user, audiences, error).
 */
public final class TokenReviews implements VirtualResource {
  private final BearerTokenAuthenticator tokens;

  public TokenReviews(BearerTokenAuthenticator tokens) {
    this.tokens = tokens;
  }

  @Override
  public ObjectNode create(String namespace, String name, ObjectNode body, UserInfo user) {
    if (namespace != null && !namespace.isEmpty()) {
      throw ApiException.badRequest("namespace is not allowed on this type: " + namespace);
    }
    ObjectNode review = body.deepCopy();
    String token = review.path("spec").path("token").asText("");
    if (token.isEmpty()) {
      throw ApiException.badRequest("token is required for TokenReview in authentication");
    }
    List<String> audiences = ServiceAccountClaims.audiences(review.path("spec").get("audiences"));
    if (audiences.isEmpty()) {
      audiences = tokens.apiAudiences();
    }
    review.put("apiVersion", "authentication.k8s.io/" + version(body)).put("kind", "TokenReview");
    review.withObject("/metadata");
    ObjectNode status = review.putObject("status");
    try {
      TokenAuthenticator.Response response = tokens.authenticate(token, audiences);
      status.put("authenticated", true);
      status.set("user", UserInfoJson.of(AuthenticatorChain.withAuthenticatedGroup(response.user())));
      if (!response.audiences().isEmpty()) {
        response.audiences().forEach(status.putArray("audiences")::add);
      }
    } catch (AuthenticationException e) {
      status.putObject("user");
      status.put("error", e.getMessage());
    }
    return review;
  }

  /**
   * The version the client speaks, from the body's apiVersion (typed clients always send it), so
   * that kubectl 1.27's v1beta1 SelfSubjectReview gets a v1beta1 answer.
   */
  static String version(ObjectNode body) {
    String apiVersion = body.path("apiVersion").asText("");
    int slash = apiVersion.indexOf('/');
    return slash < 0 || slash == apiVersion.length() - 1 ? "v1" : apiVersion.substring(slash + 1);
  }

  /** For SelfSubjectReview too: authentication/v1 UserInfo with Go's omitempty. */
  static final class UserInfoJson {
    private UserInfoJson() {}

    static ObjectNode of(UserInfo user) {
      ObjectNode out = dev.vkube.apiserver.storage.Json.MAPPER.createObjectNode();
      if (!user.name().isEmpty()) {
        out.put("username", user.name());
      }
      if (user.uid() != null && !user.uid().isEmpty()) {
        out.put("uid", user.uid());
      }
      if (!user.groups().isEmpty()) {
        user.groups().forEach(out.putArray("groups")::add);
      }
      if (!user.extra().isEmpty()) {
        ObjectNode extra = out.putObject("extra");
        new java.util.TreeMap<>(user.extra()).forEach((key, values) -> values.forEach(extra.putArray(key)::add));
      }
      return out;
    }
  }
}
