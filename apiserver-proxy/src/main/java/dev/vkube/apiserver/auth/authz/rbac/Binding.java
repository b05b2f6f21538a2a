package dev.vkube.apiserver.auth.authz.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.auth.UserInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * A RoleBinding ({@code namespace} set) or ClusterRoleBinding ({@code namespace} empty): who gets the
 * rules of the referenced role. Subject matching follows pkg/registry/rbac/validation/rule.go appliesTo.
 */
public record Binding(String namespace, String name, RoleRef roleRef, List<Subject> subjects) {
  public static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

  public record RoleRef(String kind, String name) {}

  /** A subject; {@code namespace} only for ServiceAccounts. */
  public record Subject(String kind, String name, String namespace) {
    /** The user name a ServiceAccount subject stands for, or null when it cannot match anyone. */
    String serviceAccountUser(String bindingNamespace) {
      String ns = namespace.isEmpty() ? bindingNamespace : namespace;
      return ns.isEmpty() ? null : SERVICE_ACCOUNT_PREFIX + ns + ":" + name;
    }

    boolean appliesTo(UserInfo user, String bindingNamespace) {
      return switch (kind) {
        case "User" -> user.name().equals(name);
        case "Group" -> user.groups().contains(name);
        case "ServiceAccount" -> user.name().equals(serviceAccountUser(bindingNamespace));
        default -> false;
      };
    }

    /** describeSubject: {@code Group "g"}, {@code ServiceAccount "name/namespace"}. */
    String describe(String bindingNamespace) {
      if (kind.equals("ServiceAccount")) {
        return kind + " " + GoQuote.quote(name + "/" + (namespace.isEmpty() ? bindingNamespace : namespace));
      }
      return kind + " " + GoQuote.quote(name);
    }
  }

  public static Binding fromJson(JsonNode object) {
    String ns = Meta.namespace(object);
    JsonNode ref = object.path("roleRef");
    List<Subject> subjects = new ArrayList<>();
    for (JsonNode s : object.path("subjects")) {
      subjects.add(new Subject(s.path("kind").asText(""), s.path("name").asText(""), s.path("namespace").asText("")));
    }
    return new Binding(ns == null ? "" : ns, Meta.name(object), new RoleRef(ref.path("kind").asText(""),
        ref.path("name").asText("")), List.copyOf(subjects));
  }

  boolean clusterScoped() {
    return namespace.isEmpty();
  }

  /** The first subject that applies to the user (appliesTo), or null. */
  Subject subjectFor(UserInfo user) {
    for (Subject s : subjects) {
      if (s.appliesTo(user, namespace)) {
        return s;
      }
    }
    return null;
  }

  /** The clusterRoleBindingDescriber / roleBindingDescriber text of an allow reason. */
  String describe(UserInfo user) {
    Subject subject = subjectFor(user);
    String who = subject == null ? "" : subject.describe(namespace);
    if (clusterScoped()) {
      return "ClusterRoleBinding " + GoQuote.quote(name) + " of " + roleRef.kind() + " " + GoQuote.quote(
          roleRef.name()) + " to " + who;
    }
    return "RoleBinding " + GoQuote.quote(name + "/" + namespace) + " of " + roleRef.kind() + " "
        + GoQuote.quote(roleRef.name()) + " to " + who;
  }
}
