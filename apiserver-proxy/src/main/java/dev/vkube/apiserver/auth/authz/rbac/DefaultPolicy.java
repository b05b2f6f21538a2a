package dev.vkube.apiserver.auth.authz.rbac;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The roles and bindings a cluster starts with (upstream's bootstrappolicy), read from
 * {@code bootstrap-policy.txt}, a compact table of upstream's data whose format the file describes.
 */
public record DefaultPolicy(List<ObjectNode> clusterRoles, List<ObjectNode> clusterRoleBindings,
    List<ObjectNode> roles, List<ObjectNode> roleBindings) {
  public static final String BOOTSTRAPPING_LABEL = "kubernetes.io/bootstrapping";
  public static final String BOOTSTRAPPING_VALUE = "rbac-defaults";
  public static final String AUTOUPDATE = "rbac.authorization.kubernetes.io/autoupdate";
  static final String API_VERSION = CachedRbacSource.GROUP + "/v1";
  private static final String RESOURCE = "bootstrap-policy.txt";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  public static DefaultPolicy load() {
    try (InputStream in = DefaultPolicy.class.getResourceAsStream(RESOURCE)) {
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DefaultPolicy parse(List<String> lines) {
    DefaultPolicy policy = new DefaultPolicy(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
        new ArrayList<>());
    ObjectNode role = null;
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\s+");
      switch (f[0]) {
        case "clusterrole" -> role = policy.add(policy.clusterRoles, clusterRole(f));
        case "controller" -> {
          role = policy.add(policy.clusterRoles, object("ClusterRole", null, "system:controller:" + f[1]));
          policy.clusterRoleBindings.add(binding("ClusterRoleBinding", null, role.path("metadata").path("name")
              .asText(), "ClusterRole:" + role.path("metadata").path("name").asText(), List.of("SA:kube-system/"
              + f[1])));
        }
        case "role" -> role = policy.add(policy.roles, object("Role", f[1], f[2]));
        case "clusterrolebinding" -> policy.clusterRoleBindings.add(binding("ClusterRoleBinding", null, f[1],
            "ClusterRole:" + f[2], Arrays.asList(f).subList(3, f.length)));
        case "rolebinding" -> policy.roleBindings.add(binding("RoleBinding", f[1], f[2], f[3],
            Arrays.asList(f).subList(4, f.length)));
        case "r" -> role.withArray("rules").add(PolicyRule.resource(list(f[1]), list(f[2]), list(f[3]),
            f.length > 4 ? list(f[4]) : List.of()).toJson());
        case "u" -> role.withArray("rules").add(PolicyRule.url(list(f[1]), list(f[2])).toJson());
        case "events" -> role.withArray("rules").add(PolicyRule.resource(List.of("create", "patch", "update"),
            List.of("", "events.k8s.io"), List.of("events"), List.of()).toJson());
        default -> throw new IllegalStateException("bad policy line: " + line);
      }
    }
    return policy;
  }

  private ObjectNode add(List<ObjectNode> to, ObjectNode object) {
    to.add(object);
    return object;
  }

  private static ObjectNode clusterRole(String[] f) {
    ObjectNode role = object("ClusterRole", null, f[1]);
    for (int i = 2; i < f.length; i++) {
      String[] kv = f[i].substring(f[i].indexOf('=') + 1).split("=", 2);
      if (f[i].startsWith("label=")) {
        role.with("metadata").with("labels").put(kv[0], kv[1]);
      } else {
        role.with("aggregationRule").withArray("clusterRoleSelectors").addObject().putObject("matchLabels")
            .put(kv[0], kv[1]);
      }
    }
    return role;
  }

  private static ObjectNode object(String kind, String namespace, String name) {
    ObjectNode o = JSON.objectNode().put("apiVersion", API_VERSION).put("kind", kind);
    ObjectNode meta = o.putObject("metadata").put("name", name);
    if (namespace != null) {
      meta.put("namespace", namespace);
    }
    meta.putObject("labels").put(BOOTSTRAPPING_LABEL, BOOTSTRAPPING_VALUE);
    meta.putObject("annotations").put(AUTOUPDATE, "true");
    return o;
  }

  private static ObjectNode binding(String kind, String namespace, String name, String roleRef,
      List<String> subjects) {
    ObjectNode b = object(kind, namespace, name);
    String[] ref = roleRef.split(":", 2);
    b.putObject("roleRef").put("apiGroup", CachedRbacSource.GROUP).put("kind", ref[0]).put("name", ref[1]);
    if (!subjects.isEmpty()) {
      ArrayNode array = b.putArray("subjects");
      for (String s : subjects) {
        String[] kindName = s.split(":", 2);
        ObjectNode subject = array.addObject();
        if (kindName[0].equals("SA")) {
          String[] nsName = kindName[1].split("/", 2);
          subject.put("kind", "ServiceAccount").put("name", nsName[1]).put("namespace", nsName[0]);
        } else {
          subject.put("apiGroup", CachedRbacSource.GROUP).put("kind", kindName[0]).put("name", kindName[1]);
        }
      }
    }
    return b;
  }

  private static List<String> list(String csv) {
    return Arrays.stream(csv.split(",", -1)).map(s -> s.equals("-") ? "" : s).toList();
  }
}
