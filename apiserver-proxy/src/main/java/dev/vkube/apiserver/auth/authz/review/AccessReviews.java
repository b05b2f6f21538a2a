package dev.vkube.apiserver.auth.authz.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.StatusCause;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.auth.authz.Attributes;
import dev.vkube.apiserver.auth.authz.Authorizer;
import dev.vkube.apiserver.auth.authz.Decision;
import dev.vkube.apiserver.auth.authz.rbac.PolicyRule;
import dev.vkube.apiserver.auth.authz.rbac.RuleResolver;
import dev.vkube.apiserver.registry.VirtualResource;
import dev.vkube.apiserver.registry.VirtualResources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The authorization.k8s.io reviews (pkg/registry/authorization/*): ask the server's authorizer whether
 * a user may do something (SelfSubjectAccessReview for the requester, SubjectAccessReview and
 * LocalSubjectAccessReview for anyone) or which rules apply to the requester in a namespace
 * (SelfSubjectRulesReview). Created, answered, never stored.
 */
public final class AccessReviews {
  public static final String GROUP = "authorization.k8s.io";

  private final Authorizer authorizer;
  private final RuleResolver rules;

  public AccessReviews(Authorizer authorizer, RuleResolver rules) {
    this.authorizer = authorizer;
    this.rules = rules;
  }

  /** The four resources by their plural names (answers in v1; they run on the event loop, from caches). */
  public Map<String, VirtualResource> resources() {
    Map<String, VirtualResource> out = new LinkedHashMap<>();
    out.put("selfsubjectaccessreviews", (ns, name, body, user) -> selfSubjectAccessReview(body, user));
    out.put("selfsubjectrulesreviews", (ns, name, body, user) -> selfSubjectRulesReview(body, user));
    out.put("subjectaccessreviews", (ns, name, body, user) -> subjectAccessReview(body));
    out.put("localsubjectaccessreviews", (ns, name, body, user) -> localSubjectAccessReview(ns, body));
    return out;
  }

  /** Serves the four resources from the server's virtual resources. */
  public void register(VirtualResources server) {
    resources().forEach((resource, handler) -> server.register(GROUP, resource, null, handler));
  }

  ObjectNode selfSubjectAccessReview(ObjectNode body, UserInfo user) {
    String kind = "SelfSubjectAccessReview";
    JsonNode spec = body.path("spec");
    List<StatusCause> causes = new ArrayList<>();
    validateAttributes(spec, causes);
    throwIfInvalid(kind, causes);
    return answer(body, kind, authorizer.authorize(attributes(user, spec)));
  }

  ObjectNode subjectAccessReview(ObjectNode body) {
    String kind = "SubjectAccessReview";
    JsonNode spec = body.path("spec");
    List<StatusCause> causes = new ArrayList<>();
    validateSubjectSpec(spec, causes);
    if (!emptyMeta(body.path("metadata"), false)) {
      causes.add(StatusCause.invalid("metadata", "{}", "must be empty"));
    }
    throwIfInvalid(kind, causes);
    return answer(body, kind, authorizer.authorize(attributes(subject(spec), spec)));
  }

  ObjectNode localSubjectAccessReview(String namespace, ObjectNode request) {
    String kind = "LocalSubjectAccessReview";
    if (namespace == null || namespace.isEmpty()) {
      throw ApiException.badRequest("namespace is required on this type: ");
    }
    ObjectNode body = request.deepCopy();
    String given = body.path("metadata").path("namespace").asText("");
    if (given.isEmpty()) {
      body.withObject("/metadata").put("namespace", namespace);
    } else if (!given.equals(namespace)) {
      throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on "
          + "the request");
    }
    JsonNode spec = body.path("spec");
    List<StatusCause> causes = new ArrayList<>();
    validateSubjectSpec(spec, causes);
    if (!emptyMeta(body.path("metadata"), true)) {
      causes.add(StatusCause.invalid("metadata", "{}", "must be empty except for namespace"));
    }
    JsonNode resource = spec.path("resourceAttributes");
    if (resource.isObject() && !resource.path("namespace").asText("").equals(namespace)) {
      causes.add(StatusCause.invalid("spec.resourceAttributes.namespace", resource.path("namespace").asText(""),
          "must match metadata.namespace"));
    }
    if (spec.path("nonResourceAttributes").isObject()) {
      causes.add(StatusCause.invalid("spec.nonResourceAttributes", "{}", "disallowed on this kind of request"));
    }
    throwIfInvalid(kind, causes);
    return answer(body, kind, authorizer.authorize(attributes(subject(spec), spec)));
  }

  /** RulesFor of the RBAC rule resolver, split into resource and non-resource rules. */
  ObjectNode selfSubjectRulesReview(ObjectNode body, UserInfo user) {
    String namespace = body.path("spec").path("namespace").asText("");
    if (namespace.isEmpty()) {
      throw ApiException.badRequest("no namespace on request");
    }
    RuleResolver.Rules found = rules.rulesFor(user, namespace);
    ObjectNode out = typed(body, "SelfSubjectRulesReview");
    ObjectNode status = out.putObject("status");
    ArrayNode resourceRules = status.putArray("resourceRules");
    ArrayNode nonResourceRules = status.putArray("nonResourceRules");
    for (PolicyRule rule : found.rules()) {
      if (!rule.resources().isEmpty()) {
        resourceRules.add(PolicyRule.resource(rule.verbs(), rule.apiGroups(), rule.resources(),
            rule.resourceNames()).toJson());
      }
      if (!rule.nonResourceURLs().isEmpty()) {
        nonResourceRules.add(PolicyRule.url(rule.verbs(), rule.nonResourceURLs()).toJson());
      }
    }
    status.put("incomplete", false);
    if (found.error() != null) {
      status.put("evaluationError", found.error());
    }
    return out;
  }

  /** ResourceAttributesFrom / NonResourceAttributesFrom; an empty version means all versions. */
  static Attributes attributes(UserInfo user, JsonNode spec) {
    JsonNode res = spec.path("resourceAttributes");
    if (res.isObject()) {
      String version = res.path("version").asText("");
      return Attributes.resource(user, res.path("verb").asText(""), res.path("group").asText(""),
          version.isEmpty() ? "*" : version, res.path("resource").asText(""), res.path("subresource").asText(""),
          res.path("namespace").asText(""), res.path("name").asText(""));
    }
    JsonNode non = spec.path("nonResourceAttributes");
    return Attributes.nonResource(user, non.path("verb").asText(""), non.path("path").asText(""));
  }

  /** The user a SubjectAccessReview asks about, exactly as given (no groups are added). */
  static UserInfo subject(JsonNode spec) {
    List<String> groups = new ArrayList<>();
    spec.path("groups").forEach(g -> groups.add(g.asText()));
    Map<String, List<String>> extra = new LinkedHashMap<>();
    spec.path("extra").fields().forEachRemaining(e -> {
      List<String> values = new ArrayList<>();
      e.getValue().forEach(v -> values.add(v.asText()));
      extra.put(e.getKey(), values);
    });
    return new UserInfo(spec.path("user").asText(""), spec.path("uid").asText(""), groups, extra);
  }

  private static void validateAttributes(JsonNode spec, List<StatusCause> causes) {
    boolean resource = spec.path("resourceAttributes").isObject();
    boolean nonResource = spec.path("nonResourceAttributes").isObject();
    if (resource && nonResource) {
      causes.add(StatusCause.invalid("spec.nonResourceAttributes", "{}",
          "cannot be specified in combination with resourceAttributes"));
    }
    if (!resource && !nonResource) {
      causes.add(StatusCause.invalid("spec.resourceAttributes", "null",
          "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
    }
  }

  private static void validateSubjectSpec(JsonNode spec, List<StatusCause> causes) {
    validateAttributes(spec, causes);
    if (spec.path("user").asText("").isEmpty() && spec.path("groups").isEmpty()) {
      causes.add(StatusCause.invalid("spec.user", spec.path("user").asText(""),
          "at least one of user or group must be specified"));
    }
  }

  /** ObjectMeta empty but for managedFields (and, for the local review, namespace). */
  private static boolean emptyMeta(JsonNode meta, boolean namespaceAllowed) {
    var names = meta.fieldNames();
    while (names.hasNext()) {
      String field = names.next();
      JsonNode value = meta.get(field);
      boolean allowed = field.equals("managedFields") || (namespaceAllowed && field.equals("namespace"))
          || value.isNull() || (value.isTextual() && value.asText().isEmpty())
          || (value.isContainerNode() && value.isEmpty());
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  private static void throwIfInvalid(String kind, List<StatusCause> causes) {
    if (!causes.isEmpty()) {
      throw ApiException.invalid(GROUP, kind, "", causes);
    }
  }

  /** The request echoed back with the decision as status (allowed, denied, reason, evaluationError). */
  private static ObjectNode answer(ObjectNode body, String kind, Decision decision) {
    ObjectNode out = typed(body, kind);
    ObjectNode status = out.putObject("status");
    status.put("allowed", decision.allowed());
    if (decision.kind() == Decision.Kind.DENY) {
      status.put("denied", true);
    }
    if (!decision.reason().isEmpty()) {
      status.put("reason", decision.reason());
    }
    return out;
  }

  private static ObjectNode typed(ObjectNode body, String kind) {
    ObjectNode out = body.deepCopy();
    out.put("apiVersion", GROUP + "/v1").put("kind", kind);
    ObjectNode meta = out.withObject("/metadata");
    if (!meta.has("creationTimestamp")) {
      meta.putNull("creationTimestamp");
    }
    out.remove("status");
    return out;
  }
}
