package dev.vkube.apiserver.admission.podsecurity;

import static dev.vkube.apiserver.admission.podsecurity.Violation.containers;
import static dev.vkube.apiserver.admission.podsecurity.Violation.joinQuote;
import static dev.vkube.apiserver.admission.podsecurity.Violation.pluralize;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The baseline checks (policy/check_*.go), each returning null when the pod passes. */
final class BaselineChecks {
  private static final Set<String> DEFAULT_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
      "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
  private static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t");
  private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
      "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start");
  private static final String APPARMOR_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
  private static final String SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod";
  private static final String SECCOMP_CONTAINER = "container.seccomp.security.alpha.kubernetes.io/";

  private BaselineChecks() {}

  static Violation appArmorProfile(JsonNode meta, JsonNode spec) {
    List<String> bad = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = meta.path("annotations").fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      String profile = e.getValue().asText();
      if (e.getKey().startsWith(APPARMOR_PREFIX) && !(profile.isEmpty() || profile.equals("runtime/default")
          || profile.startsWith("localhost/"))) {
        bad.add(e.getKey() + "=" + goQuote(profile));
      }
    }
    bad.sort(null);
    return bad.isEmpty() ? null : new Violation(pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles",
        bad.size()), String.join(", ", bad));
  }

  static Violation capabilities(JsonNode meta, JsonNode spec) {
    List<String> bad = new ArrayList<>();
    TreeSet<String> caps = new TreeSet<>();
    for (JsonNode c : PodChecks.containers(spec)) {
      boolean valid = true;
      for (JsonNode cap : c.path("securityContext").path("capabilities").path("add")) {
        if (!DEFAULT_CAPABILITIES.contains(cap.asText())) {
          valid = false;
          caps.add(cap.asText());
        }
      }
      if (!valid) {
        bad.add(name(c));
      }
    }
    return bad.isEmpty() ? null : new Violation("non-default capabilities", containers(bad) + " must not include "
        + joinQuote(new ArrayList<>(caps)) + " in securityContext.capabilities.add");
  }

  static Violation hostNamespaces(JsonNode meta, JsonNode spec) {
    List<String> set = new ArrayList<>();
    for (String field : new String[] {"hostNetwork", "hostPID", "hostIPC"}) {
      if (spec.path(field).asBoolean(false)) {
        set.add(field + "=true");
      }
    }
    return set.isEmpty() ? null : new Violation("host namespaces", String.join(", ", set));
  }

  static Violation hostPathVolumes(JsonNode meta, JsonNode spec) {
    List<String> bad = new ArrayList<>();
    for (JsonNode v : spec.path("volumes")) {
      if (v.has("hostPath") && !v.path("hostPath").isNull()) {
        bad.add(v.path("name").asText());
      }
    }
    return bad.isEmpty() ? null : new Violation("hostPath volumes", pluralize("volume", "volumes", bad.size()) + " "
        + joinQuote(bad));
  }

  static Violation hostPorts(JsonNode meta, JsonNode spec) {
    List<String> bad = new ArrayList<>();
    TreeSet<String> ports = new TreeSet<>();
    for (JsonNode c : PodChecks.containers(spec)) {
      boolean valid = true;
      for (JsonNode p : c.path("ports")) {
        if (p.path("hostPort").asInt(0) != 0) {
          valid = false;
          ports.add(String.valueOf(p.path("hostPort").asInt()));
        }
      }
      if (!valid) {
        bad.add(name(c));
      }
    }
    return bad.isEmpty() ? null : new Violation("hostPort", containers(bad) + " "
        + pluralize("uses", "use", bad.size()) + " " + pluralize("hostPort", "hostPorts", ports.size()) + " "
        + String.join(", ", ports));
  }

  static Violation hostProbes(JsonNode meta, JsonNode spec) {
    TreeSet<String> bad = new TreeSet<>();
    TreeSet<String> hosts = new TreeSet<>();
    for (JsonNode c : PodChecks.containers(spec)) {
      List<String> found = new ArrayList<>();
      for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
        handlerHosts(c.path(probe), found);
      }
      handlerHosts(c.path("lifecycle").path("postStart"), found);
      handlerHosts(c.path("lifecycle").path("preStop"), found);
      if (!found.isEmpty()) {
        bad.add(name(c));
        hosts.addAll(found);
      }
    }
    return bad.isEmpty() ? null : new Violation("probe or lifecycle host", containers(new ArrayList<>(bad)) + " "
        + pluralize("uses", "use", bad.size()) + " " + pluralize("probe or lifecycle host",
        "probe or lifecycle hosts", hosts.size()) + " " + joinQuote(new ArrayList<>(hosts)));
  }

  private static void handlerHosts(JsonNode handler, List<String> out) {
    for (String kind : new String[] {"httpGet", "tcpSocket"}) {
      String host = handler.path(kind).path("host").asText("");
      if (!host.isEmpty()) {
        out.add(host);
      }
    }
  }

  static Violation privileged(JsonNode meta, JsonNode spec) {
    List<String> bad = new ArrayList<>();
    for (JsonNode c : PodChecks.containers(spec)) {
      if (c.path("securityContext").path("privileged").asBoolean(false)) {
        bad.add(name(c));
      }
    }
    return bad.isEmpty() ? null : new Violation("privileged", containers(bad)
        + " must not set securityContext.privileged=true");
  }

  static Violation procMount(JsonNode meta, JsonNode spec) {
    List<String> bad = new ArrayList<>();
    TreeSet<String> types = new TreeSet<>();
    for (JsonNode c : PodChecks.containers(spec)) {
      JsonNode mount = c.path("securityContext").path("procMount");
      if (mount.isTextual() && !mount.asText().equals("Default")) {
        bad.add(name(c));
        types.add(mount.asText());
      }
    }
    return bad.isEmpty() ? null : new Violation("procMount", containers(bad)
        + " must not set securityContext.procMount to " + joinQuote(new ArrayList<>(types)));
  }

  static Violation seLinuxOptions(JsonNode meta, JsonNode spec) {
    List<String> setters = new ArrayList<>();
    TreeSet<String> badTypes = new TreeSet<>();
    boolean[] userRole = new boolean[2];
    JsonNode podOptions = spec.path("securityContext").path("seLinuxOptions");
    if (podOptions.isObject() && !validSeLinux(podOptions, badTypes, userRole)) {
      setters.add("pod");
    }
    List<String> bad = new ArrayList<>();
    for (JsonNode c : PodChecks.containers(spec)) {
      JsonNode options = c.path("securityContext").path("seLinuxOptions");
      if (options.isObject() && !validSeLinux(options, badTypes, userRole)) {
        bad.add(name(c));
      }
    }
    if (!bad.isEmpty()) {
      setters.add(containers(bad));
    }
    if (setters.isEmpty()) {
      return null;
    }
    // Upstream lists user and role only alongside a bad type (check_seLinuxOptions.go); kept as is.
    List<String> data = new ArrayList<>();
    if (!badTypes.isEmpty()) {
      data.add(pluralize("type", "types", badTypes.size()) + " " + joinQuote(new ArrayList<>(badTypes)));
      if (userRole[0]) {
        data.add("user may not be set");
      }
      if (userRole[1]) {
        data.add("role may not be set");
      }
    }
    return new Violation("seLinuxOptions", String.join(" and ", setters)
        + " set forbidden securityContext.seLinuxOptions: " + String.join("; ", data));
  }

  private static boolean validSeLinux(JsonNode options, Set<String> badTypes, boolean[] userRole) {
    boolean valid = true;
    String type = options.path("type").asText("");
    if (!SELINUX_TYPES.contains(type)) {
      valid = false;
      badTypes.add(type);
    }
    if (!options.path("user").asText("").isEmpty()) {
      valid = false;
      userRole[0] = true;
    }
    if (!options.path("role").asText("").isEmpty()) {
      valid = false;
      userRole[1] = true;
    }
    return valid;
  }

  static Violation seccompAnnotations(JsonNode meta, JsonNode spec) {
    TreeSet<String> bad = new TreeSet<>();
    JsonNode annotations = meta.path("annotations");
    if (annotations.has(SECCOMP_POD) && !validSeccompAnnotation(annotations.path(SECCOMP_POD).asText())) {
      bad.add(SECCOMP_POD + "=" + goQuote(annotations.path(SECCOMP_POD).asText()));
    }
    for (JsonNode c : PodChecks.containers(spec)) {
      String key = SECCOMP_CONTAINER + name(c);
      if (annotations.has(key) && !validSeccompAnnotation(annotations.path(key).asText())) {
        bad.add(key + "=" + goQuote(annotations.path(key).asText()));
      }
    }
    return bad.isEmpty() ? null : new Violation("seccompProfile", "forbidden " + pluralize("annotation",
        "annotations", bad.size()) + " " + String.join(", ", bad));
  }

  private static boolean validSeccompAnnotation(String value) {
    return value.equals("runtime/default") || value.equals("docker/default") || value.startsWith("localhost/");
  }

  static Violation seccomp(JsonNode meta, JsonNode spec) {
    return Seccomp.check(spec, false);
  }

  static Violation sysctls(JsonNode meta, JsonNode spec) {
    List<String> bad = new ArrayList<>();
    for (JsonNode s : spec.path("securityContext").path("sysctls")) {
      if (!SAFE_SYSCTLS.contains(s.path("name").asText())) {
        bad.add(s.path("name").asText());
      }
    }
    return bad.isEmpty() ? null : new Violation("forbidden sysctls", String.join(", ", bad));
  }

  static Violation windowsHostProcess(JsonNode meta, JsonNode spec) {
    List<String> bad = new ArrayList<>();
    for (JsonNode c : PodChecks.containers(spec)) {
      if (c.path("securityContext").path("windowsOptions").path("hostProcess").asBoolean(false)) {
        bad.add(name(c));
      }
    }
    List<String> setters = new ArrayList<>();
    if (spec.path("securityContext").path("windowsOptions").path("hostProcess").asBoolean(false)) {
      setters.add("pod");
    }
    if (!bad.isEmpty()) {
      setters.add(containers(bad));
    }
    return setters.isEmpty() ? null : new Violation("hostProcess", String.join(" and ", setters)
        + " must not set securityContext.windowsOptions.hostProcess=true");
  }

  static String name(JsonNode container) {
    return container.path("name").asText();
  }

  /** Go's %q for the printable ASCII texts these values are. */
  static String goQuote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
