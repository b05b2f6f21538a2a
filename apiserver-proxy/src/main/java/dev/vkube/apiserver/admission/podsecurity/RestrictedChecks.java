package dev.vkube.apiserver.admission.podsecurity;

import static dev.vkube.apiserver.admission.podsecurity.Violation.containers;
import static dev.vkube.apiserver.admission.podsecurity.Violation.joinQuote;
import static dev.vkube.apiserver.admission.podsecurity.Violation.pluralize;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The restricted checks (policy/check_*.go), each returning null when the pod passes. */
final class RestrictedChecks {
  /** Volume sources restricted allows (check_restrictedVolumes.go); any other is named in the message. */
  private static final Set<String> ALLOWED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
      "persistentVolumeClaim", "projected", "secret", "image");

  private RestrictedChecks() {}

  static Violation allowPrivilegeEscalation(JsonNode meta, JsonNode spec) {
    List<String> bad = new ArrayList<>();
    for (JsonNode c : PodChecks.containers(spec)) {
      JsonNode ape = c.path("securityContext").path("allowPrivilegeEscalation");
      if (!ape.isBoolean() || ape.asBoolean()) {
        bad.add(BaselineChecks.name(c));
      }
    }
    return bad.isEmpty() ? null : new Violation("allowPrivilegeEscalation != false", containers(bad)
        + " must set securityContext.allowPrivilegeEscalation=false");
  }

  static Violation capabilities(JsonNode meta, JsonNode spec) {
    List<String> missingDrop = new ArrayList<>();
    List<String> adding = new ArrayList<>();
    TreeSet<String> forbidden = new TreeSet<>();
    for (JsonNode c : PodChecks.containers(spec)) {
      JsonNode caps = c.path("securityContext").path("capabilities");
      if (!caps.isObject()) {
        missingDrop.add(BaselineChecks.name(c));
        continue;
      }
      boolean droppedAll = false;
      for (JsonNode d : caps.path("drop")) {
        droppedAll |= d.asText().equals("ALL");
      }
      if (!droppedAll) {
        missingDrop.add(BaselineChecks.name(c));
      }
      boolean added = false;
      for (JsonNode a : caps.path("add")) {
        if (!a.asText().equals("NET_BIND_SERVICE")) {
          added = true;
          forbidden.add(a.asText());
        }
      }
      if (added) {
        adding.add(BaselineChecks.name(c));
      }
    }
    List<String> details = new ArrayList<>();
    if (!missingDrop.isEmpty()) {
      details.add(containers(missingDrop) + " must set securityContext.capabilities.drop=[\"ALL\"]");
    }
    if (!adding.isEmpty()) {
      details.add(containers(adding) + " must not include " + joinQuote(new ArrayList<>(forbidden))
          + " in securityContext.capabilities.add");
    }
    return details.isEmpty() ? null : new Violation("unrestricted capabilities", String.join("; ", details));
  }

  static Violation volumes(JsonNode meta, JsonNode spec) {
    List<String> bad = new ArrayList<>();
    TreeSet<String> types = new TreeSet<>();
    for (JsonNode v : spec.path("volumes")) {
      String type = "unknown";
      boolean allowed = false;
      for (Iterator<String> it = v.fieldNames(); it.hasNext();) {
        String field = it.next();
        if (field.equals("name") || v.path(field).isNull()) {
          continue;
        }
        allowed = ALLOWED_VOLUMES.contains(field);
        type = field;
        break;
      }
      if (!allowed) {
        bad.add(v.path("name").asText());
        types.add(type);
      }
    }
    return bad.isEmpty() ? null : new Violation("restricted volume types", pluralize("volume", "volumes", bad.size())
        + " " + joinQuote(bad) + " " + pluralize("uses", "use", bad.size()) + " " + pluralize("restricted volume type",
        "restricted volume types", types.size()) + " " + joinQuote(new ArrayList<>(types)));
  }

  static Violation runAsNonRoot(JsonNode meta, JsonNode spec) {
    List<String> setters = new ArrayList<>();
    boolean podNonRoot = false;
    JsonNode pod = spec.path("securityContext").path("runAsNonRoot");
    if (pod.isBoolean()) {
      if (!pod.asBoolean()) {
        setters.add("pod");
      } else {
        podNonRoot = true;
      }
    }
    List<String> explicit = new ArrayList<>();
    List<String> implicit = new ArrayList<>();
    for (JsonNode c : PodChecks.containers(spec)) {
      JsonNode value = c.path("securityContext").path("runAsNonRoot");
      if (value.isBoolean()) {
        if (!value.asBoolean()) {
          explicit.add(BaselineChecks.name(c));
        }
      } else if (!podNonRoot) {
        implicit.add(BaselineChecks.name(c));
      }
    }
    if (!explicit.isEmpty()) {
      setters.add(containers(explicit));
    }
    if (!setters.isEmpty()) {
      return new Violation("runAsNonRoot != true", String.join(" and ", setters)
          + " must not set securityContext.runAsNonRoot=false");
    }
    return implicit.isEmpty() ? null : new Violation("runAsNonRoot != true", "pod or " + containers(implicit)
        + " must set securityContext.runAsNonRoot=true");
  }

  static Violation runAsUser(JsonNode meta, JsonNode spec) {
    List<String> setters = new ArrayList<>();
    JsonNode pod = spec.path("securityContext").path("runAsUser");
    if (pod.canConvertToLong() && pod.asLong() == 0) {
      setters.add("pod");
    }
    List<String> bad = new ArrayList<>();
    for (JsonNode c : PodChecks.containers(spec)) {
      JsonNode user = c.path("securityContext").path("runAsUser");
      if (user.canConvertToLong() && user.asLong() == 0) {
        bad.add(BaselineChecks.name(c));
      }
    }
    if (!bad.isEmpty()) {
      setters.add(containers(bad));
    }
    return setters.isEmpty() ? null : new Violation("runAsUser=0", String.join(" and ", setters)
        + " must not set runAsUser=0");
  }

  static Violation seccomp(JsonNode meta, JsonNode spec) {
    return Seccomp.check(spec, true);
  }
}
