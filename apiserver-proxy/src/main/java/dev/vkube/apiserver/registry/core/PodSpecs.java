package dev.vkube.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.StatusCause;
import dev.vkube.apiserver.registry.NameRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Defaults and validation of PodSpec, shared by pods and every pod template (pkg/apis/core/v1/defaults.go
 * SetDefaults_PodSpec/Container, pkg/apis/core/validation ValidatePodSpec), the parts users see.
 */
public final class PodSpecs {
  public static final String DEFAULT_SCHEDULER = "default-scheduler";
  public static final long DEFAULT_TERMINATION_GRACE_SECONDS = 30;
  private static final Set<String> RESTART_POLICIES = Set.of("Always", "OnFailure", "Never");
  private static final Set<String> DNS_POLICIES = Set.of("ClusterFirstWithHostNet", "ClusterFirst", "Default",
      "None");
  private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");

  private PodSpecs() {}

  public static void applyDefaults(ObjectNode spec) {
    putIfAbsent(spec, "restartPolicy", "Always");
    putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
    putIfAbsent(spec, "schedulerName", DEFAULT_SCHEDULER);
    if (!spec.has("terminationGracePeriodSeconds")) {
      spec.put("terminationGracePeriodSeconds", DEFAULT_TERMINATION_GRACE_SECONDS);
    }
    if (!spec.has("securityContext")) {
      spec.putObject("securityContext");
    }
    if (!spec.has("enableServiceLinks")) {
      spec.put("enableServiceLinks", true);
    }
    for (String list : List.of("initContainers", "containers")) {
      spec.path(list).forEach(c -> {
        if (c instanceof ObjectNode container) {
          containerDefaults(container);
        }
      });
    }
    spec.path("volumes").forEach(v -> {
      if (v instanceof ObjectNode volume) {
        volumeDefaults(volume);
      }
    });
  }

  private static void containerDefaults(ObjectNode container) {
    putIfAbsent(container, "terminationMessagePath", "/dev/termination-log");
    putIfAbsent(container, "terminationMessagePolicy", "File");
    putIfAbsent(container, "imagePullPolicy", pullPolicyFor(container.path("image").asText("")));
    if (!container.has("resources")) {
      container.putObject("resources");
    }
    container.path("ports").forEach(p -> {
      if (p instanceof ObjectNode port) {
        putIfAbsent(port, "protocol", "TCP");
      }
    });
  }

  /** Always for ":latest" or an untagged image, else IfNotPresent (SetDefaults_Container). */
  static String pullPolicyFor(String image) {
    String withoutDigest = image.contains("@") ? null : image;
    if (withoutDigest == null) {
      return "IfNotPresent";
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    String tag = colon > slash ? image.substring(colon + 1) : "";
    return tag.isEmpty() || tag.equals("latest") ? "Always" : "IfNotPresent";
  }

  private static void volumeDefaults(ObjectNode volume) {
    for (String source : List.of("secret", "configMap", "downwardAPI", "projected")) {
      if (volume.get(source) instanceof ObjectNode s && !s.has("defaultMode")) {
        s.put("defaultMode", 420);
      }
    }
    if (volume.get("emptyDir") == null && volume.size() == 1) {
      // A volume with only a name is an emptyDir (SetDefaults_Volume).
      volume.putObject("emptyDir");
    }
  }

  public static List<StatusCause> validate(JsonNode spec, String path) {
    List<StatusCause> causes = new ArrayList<>();
    if (spec.path("containers").size() == 0) {
      causes.add(StatusCause.required(path + ".containers"));
    }
    Set<String> names = new HashSet<>();
    for (String list : List.of("initContainers", "containers")) {
      JsonNode containers = spec.path(list);
      for (int i = 0; i < containers.size(); i++) {
        container(containers.get(i), path + "." + list + "[" + i + "]", names, causes);
      }
    }
    enumValue(spec, "restartPolicy", RESTART_POLICIES, path, causes);
    enumValue(spec, "dnsPolicy", DNS_POLICIES, path, causes);
    return causes;
  }

  private static void container(JsonNode c, String path, Set<String> names, List<StatusCause> causes) {
    String name = c.path("name").asText("");
    if (name.isEmpty()) {
      causes.add(StatusCause.required(path + ".name"));
    } else {
      NameRule.DNS_LABEL.check(name).ifPresent(p -> causes.add(StatusCause.invalid(path + ".name", name, p)));
      if (!names.add(name)) {
        causes.add(new StatusCause("FieldValueDuplicate", "Duplicate value: \"" + name + "\"", path + ".name"));
      }
    }
    if (c.path("image").asText("").isBlank()) {
      causes.add(StatusCause.required(path + ".image"));
    }
    enumValue(c, "imagePullPolicy", PULL_POLICIES, path, causes);
    JsonNode ports = c.path("ports");
    for (int i = 0; i < ports.size(); i++) {
      portNumber(ports.get(i), "containerPort", path + ".ports[" + i + "]", causes);
    }
  }

  static void portNumber(JsonNode port, String field, String path, List<StatusCause> causes) {
    JsonNode value = port.get(field);
    if (value == null) {
      causes.add(StatusCause.required(path + "." + field));
    } else if (!value.canConvertToInt() || value.asInt() < 1 || value.asInt() > 65535) {
      causes.add(StatusCause.invalid(path + "." + field, value.asInt(), "must be between 1 and 65535, inclusive"));
    }
  }

  private static void enumValue(JsonNode owner, String field, Set<String> allowed, String path,
      List<StatusCause> causes) {
    JsonNode value = owner.get(field);
    if (value != null && !allowed.contains(value.asText())) {
      causes.add(StatusCause.unsupported(path + "." + field, value.asText(), "supported values: "
          + String.join(", ", allowed.stream().sorted().map(v -> "\"" + v + "\"").toList())));
    }
  }

  /**
   * Pod updates may change only container images, activeDeadlineSeconds, added tolerations and a few
   * more (ValidatePodUpdate); everything else is Forbidden.
   */
  public static List<StatusCause> validateUpdate(JsonNode spec, JsonNode oldSpec) {
    ObjectNode mutable = ((ObjectNode) spec).deepCopy();
    ObjectNode old = ((ObjectNode) oldSpec).deepCopy();
    for (ObjectNode s : List.of(mutable, old)) {
      for (String list : List.of("containers", "initContainers")) {
        s.path(list).forEach(c -> ((ObjectNode) c).remove("image"));
      }
      for (String field : List.of("activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds",
          "schedulingGates", "ephemeralContainers")) {
        s.remove(field);
      }
    }
    if (mutable.equals(old)) {
      return List.of();
    }
    return List.of(StatusCause.forbidden("spec", "pod updates may not change fields other than "
        + "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
        + "`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` "
        + "(allow it to be set to 1 if it was previously negative)"));
  }

  static void putIfAbsent(ObjectNode node, String field, String value) {
    if (!node.hasNonNull(field)) {
      node.put(field, value);
    }
  }
}
