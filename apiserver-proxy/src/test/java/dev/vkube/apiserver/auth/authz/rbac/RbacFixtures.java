package dev.vkube.apiserver.auth.authz.rbac;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.auth.UserInfo;
import java.util.List;

/** Small builders of RBAC objects for tests. */
final class RbacFixtures {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private RbacFixtures() {}

  static PolicyRule rule(String verbs, String groups, String resources) {
    return PolicyRule.resource(csv(verbs), csv(groups), csv(resources), List.of());
  }

  static PolicyRule named(String verbs, String groups, String resources, String names) {
    return PolicyRule.resource(csv(verbs), csv(groups), csv(resources), csv(names));
  }

  static PolicyRule url(String verbs, String urls) {
    return PolicyRule.url(csv(verbs), csv(urls));
  }

  static List<String> csv(String s) {
    return List.of(s.split(",", -1)).stream().map(v -> v.equals("-") ? "" : v).toList();
  }

  static ObjectNode clusterRole(String name, PolicyRule... rules) {
    return role("ClusterRole", null, name, rules);
  }

  static ObjectNode role(String kind, String namespace, String name, PolicyRule... rules) {
    ObjectNode o = JSON.objectNode().put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", kind);
    ObjectNode meta = o.putObject("metadata").put("name", name);
    if (namespace != null) {
      meta.put("namespace", namespace);
    }
    ArrayNode array = o.putArray("rules");
    for (PolicyRule r : rules) {
      array.add(r.toJson());
    }
    return o;
  }

  /** Subjects as {@code User:alice}, {@code Group:devs}, {@code SA:ns/name} or {@code SA:name}. */
  static ObjectNode binding(String namespace, String name, String roleKind, String roleName, String... subjects) {
    ObjectNode o = JSON.objectNode().put("apiVersion", "rbac.authorization.k8s.io/v1")
        .put("kind", namespace == null ? "ClusterRoleBinding" : "RoleBinding");
    ObjectNode meta = o.putObject("metadata").put("name", name);
    if (namespace != null) {
      meta.put("namespace", namespace);
    }
    o.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", roleKind).put("name", roleName);
    ArrayNode array = o.putArray("subjects");
    for (String s : subjects) {
      String[] kn = s.split(":", 2);
      ObjectNode subject = array.addObject();
      if (kn[0].equals("SA")) {
        String[] nsName = kn[1].contains("/") ? kn[1].split("/", 2) : new String[] {"", kn[1]};
        subject.put("kind", "ServiceAccount").put("name", nsName[1]);
        if (!nsName[0].isEmpty()) {
          subject.put("namespace", nsName[0]);
        }
      } else {
        subject.put("apiGroup", "rbac.authorization.k8s.io").put("kind", kn[0]).put("name", kn[1]);
      }
    }
    return o;
  }

  static UserInfo user(String name, String... groups) {
    return UserInfo.of(name, List.of(groups));
  }
}
