package dev.vkube.apiserver.auth.authz.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.ServerContext;
import dev.vkube.apiserver.admission.AdmissionPlugin;
import dev.vkube.apiserver.admission.AdmissionRequest;
import dev.vkube.apiserver.admission.Operation;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.auth.authz.Attributes;
import dev.vkube.apiserver.auth.authz.Authorizer;
import dev.vkube.apiserver.auth.authz.AuthorizerChain;
import dev.vkube.apiserver.auth.authz.SystemMastersAuthorizer;
import java.util.List;

/**
 * RBAC's escalation prevention (pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/
 * policybased): a Role or ClusterRole may only be written by someone who holds every permission it
 * grants, unless they may {@code escalate} roles; a binding only by someone who holds the permissions
 * of the role it references, unless they may {@code bind} that role. Members of system:masters are
 * exempt, and so are writes that only touch garbage-collection fields. Upstream checks in the storage
 * layer; here it is a validating step of the write path, which reads the same caches.
 */
public final class RbacEscalationCheck implements AdmissionPlugin {
  private static final String GROUP = CachedRbacSource.GROUP;
  private static final List<PolicyRule> FULL_AUTHORITY = List.of(
      PolicyRule.resource(List.of("*"), List.of("*"), List.of("*"), List.of()),
      PolicyRule.url(List.of("*"), List.of("*")));

  private final Authorizer authorizer;
  private final RuleResolver resolver;

  public RbacEscalationCheck(Authorizer authorizer, RuleResolver resolver) {
    this.authorizer = authorizer;
    this.resolver = resolver;
  }

  /** Over the server's RBAC caches, with system:masters and RBAC as the authorizer of escalate and bind. */
  public static RbacEscalationCheck of(ServerContext context) {
    RbacAuthorizer rbac = new RbacAuthorizer(new CachedRbacSource(context.informers()));
    return new RbacEscalationCheck(new AuthorizerChain(List.of(new SystemMastersAuthorizer(), rbac)),
        rbac.resolver());
  }

  @Override
  public String name() {
    return "RBACEscalation";
  }

  @Override
  public boolean handles(AdmissionRequest r) {
    return (r.operation() == Operation.CREATE || r.operation() == Operation.UPDATE) && r.group().equals(GROUP)
        && r.subresource().isEmpty() && List.of("roles", "clusterroles", "rolebindings", "clusterrolebindings")
        .contains(r.resource());
  }

  @Override
  public void validate(AdmissionRequest r) {
    if (r.user().inGroup(UserInfo.MASTERS) || (r.operation() == Operation.UPDATE
        && onlyGarbageCollectionFields(r.object(), r.oldObject()))) {
      return;
    }
    String namespace = r.definition().namespaced() && r.namespace() != null ? r.namespace() : "";
    switch (r.resource()) {
      case "roles", "clusterroles" -> checkRole(r, namespace);
      default -> checkBinding(r, namespace);
    }
  }

  private void checkRole(AdmissionRequest r, String namespace) {
    String name = r.operation() == Operation.CREATE ? "" : r.name();
    if (authorizer.authorize(Attributes.resource(r.user(), "escalate", GROUP, "*", r.resource(), "", namespace,
        name)).allowed()) {
      return;
    }
    confirmNoEscalation(r, namespace, PolicyRule.listFrom(r.object()));
    if (r.resource().equals("clusterroles") && (aggregated(r.object()) || aggregated(r.oldObject()))
        && missing(r.user(), namespace, FULL_AUTHORITY) != null) {
      throw forbidden(r, "must have cluster-admin privileges to use the aggregationRule");
    }
  }

  private void checkBinding(AdmissionRequest r, String namespace) {
    JsonNode ref = r.object().path("roleRef");
    String kind = ref.path("kind").asText("");
    String roleResource = switch (kind) {
      case "ClusterRole" -> "clusterroles";
      case "Role" -> "roles";
      default -> null;
    };
    if (roleResource != null && authorizer.authorize(Attributes.resource(r.user(), "bind",
        ref.path("apiGroup").asText(""), "*", roleResource, "", namespace, ref.path("name").asText(""))).allowed()) {
      return;
    }
    List<PolicyRule> rules;
    try {
      rules = resolver.roleReferenceRules(kind, ref.path("name").asText(""), namespace);
    } catch (IllegalArgumentException e) {
      throw forbidden(r, e.getMessage());
    }
    confirmNoEscalation(r, namespace, rules);
  }

  /** ConfirmNoEscalation: the user's own rules in the namespace must cover {@code rules}. */
  private void confirmNoEscalation(AdmissionRequest r, String namespace, List<PolicyRule> rules) {
    String message = missing(r.user(), namespace, rules);
    if (message != null) {
      throw forbidden(r, message);
    }
  }

  /** The escalation message when the user's rules do not cover {@code rules}, else null. */
  String missing(UserInfo user, String namespace, List<PolicyRule> rules) {
    RuleResolver.Rules own = resolver.rulesFor(user, namespace);
    List<PolicyRule> uncovered = Coverage.uncovered(own.rules(), rules);
    if (uncovered.isEmpty()) {
      return null;
    }
    String message = "user " + GoQuote.quote(user.name()) + " (groups=" + GoQuote.list(user.groups())
        + ") is attempting to grant RBAC permissions not currently held:\n"
        + String.join("\n", Coverage.describe(uncovered));
    return own.error() == null ? message : message + "; resolution errors: [" + own.error() + "]";
  }

  private static ApiException forbidden(AdmissionRequest r, String detail) {
    String qualified = r.resource() + "." + GROUP;
    String name = r.name() == null ? "" : r.name();
    String message = name.isEmpty() ? qualified + " is forbidden: " + detail
        : qualified + " " + GoQuote.quote(name) + " is forbidden: " + detail;
    return new ApiException(403, "Forbidden", message, GROUP, r.resource(), name, List.of(), null);
  }

  private static boolean aggregated(JsonNode role) {
    return role != null && role.path("aggregationRule").path("clusterRoleSelectors").size() > 0;
  }

  /** IsOnlyMutatingGCFields: equal once owner references, finalizers and server bookkeeping are set aside. */
  static boolean onlyGarbageCollectionFields(ObjectNode object, ObjectNode old) {
    return old != null && object != null && withoutGcFields(object).equals(withoutGcFields(old));
  }

  private static ObjectNode withoutGcFields(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    ObjectNode meta = copy.with("metadata");
    for (String field : List.of("ownerReferences", "finalizers", "selfLink", "managedFields", "resourceVersion",
        "generation")) {
      meta.remove(field);
    }
    for (String list : List.of("rules", "subjects")) {
      if (copy.path(list).isNull() || (copy.path(list).isArray() && copy.path(list).isEmpty())) {
        copy.remove(list);
      }
    }
    return copy;
  }
}
