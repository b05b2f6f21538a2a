package dev.vkube.apiserver.auth.authz.rbac;

import dev.vkube.apiserver.auth.UserInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the rules that apply to a user in a namespace (pkg/registry/rbac/validation/rule.go
 * DefaultRuleResolver): those of the ClusterRoleBindings, then of the RoleBindings of the namespace.
 * A binding whose role is missing contributes an error instead of rules; rules are additive, so
 * resolution goes on.
 */
public final class RuleResolver {
  private final RbacSource source;

  public RuleResolver(RbacSource source) {
    this.source = source;
  }

  /** Receives each rule with the binding that grants it, or an error; returns false to stop. */
  @FunctionalInterface
  public interface Visitor {
    boolean visit(Binding binding, PolicyRule rule, String error);
  }

  /** The rules and the resolution errors for a user in a namespace. */
  public record Rules(List<PolicyRule> rules, List<String> errors) {
    /** utilerrors.NewAggregate(errors).Error(): one message, or {@code [a, b]}; null when none. */
    public String error() {
      return aggregate(errors);
    }
  }

  public void visitRulesFor(UserInfo user, String namespace, Visitor visitor) {
    if (!visitScope(source.clusterRoleBindings().forUser(user), visitor)) {
      return;
    }
    if (namespace != null && !namespace.isEmpty()) {
      visitScope(source.roleBindings(namespace).forUser(user), visitor);
    }
  }

  private boolean visitScope(List<BindingIndex.Entry> entries, Visitor visitor) {
    for (BindingIndex.Entry entry : entries) {
      Binding binding = entry.binding();
      List<PolicyRule> rules = switch (binding.roleRef().kind()) {
        case "ClusterRole" -> source.clusterRole(binding.roleRef().name());
        case "Role" -> binding.clusterScoped() ? null : source.roleByKey(entry.roleKey());
        default -> null;
      };
      if (rules == null) {
        if (!visitor.visit(null, null, lookupError(binding.roleRef()))) {
          return false;
        }
        continue;
      }
      for (PolicyRule rule : rules) {
        if (!visitor.visit(binding, rule, null)) {
          return false;
        }
      }
    }
    return true;
  }

  private List<PolicyRule> lookup(Binding.RoleRef ref, String bindingNamespace) {
    return switch (ref.kind()) {
      case "ClusterRole" -> source.clusterRole(ref.name());
      case "Role" -> bindingNamespace.isEmpty() ? null : source.role(bindingNamespace, ref.name());
      default -> null;
    };
  }

  private static String lookupError(Binding.RoleRef ref) {
    return switch (ref.kind()) {
      case "ClusterRole" -> notFound("clusterrole", ref.name());
      case "Role" -> notFound("role", ref.name());
      default -> "unsupported role reference kind: " + GoQuote.quote(ref.kind());
    };
  }

  public Rules rulesFor(UserInfo user, String namespace) {
    List<PolicyRule> rules = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    visitRulesFor(user, namespace, (binding, rule, error) -> {
      if (rule != null) {
        rules.add(rule);
      }
      if (error != null) {
        errors.add(error);
      }
      return true;
    });
    return new Rules(rules, errors);
  }

  /**
   * GetRoleReferenceRules: the rules a binding in {@code bindingNamespace} ("" for a
   * ClusterRoleBinding) would grant; throws with upstream's message when the role is missing.
   */
  public List<PolicyRule> roleReferenceRules(String kind, String name, String bindingNamespace) {
    Binding.RoleRef ref = new Binding.RoleRef(kind, name);
    List<PolicyRule> rules = lookup(ref, bindingNamespace == null ? "" : bindingNamespace);
    if (rules == null) {
      throw new IllegalArgumentException(lookupError(ref));
    }
    return rules;
  }

  /** The lister's NotFound text: {@code clusterrole.rbac.authorization.k8s.io "x" not found}. */
  static String notFound(String singular, String name) {
    return singular + "." + CachedRbacSource.GROUP + " " + GoQuote.quote(name) + " not found";
  }

  static String aggregate(List<String> errors) {
    if (errors.isEmpty()) {
      return null;
    }
    Set<String> distinct = new LinkedHashSet<>(errors);
    return distinct.size() == 1 ? distinct.iterator().next() : "[" + String.join(", ", distinct) + "]";
  }
}
