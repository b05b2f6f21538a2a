package dev.vkube.apiserver.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The Pod Security Standards checks (staging/src/k8s.io/pod-security-admission/policy), in upstream's
 * registration order (their file names), which is the order their reasons appear in messages. A
 * level runs the baseline checks, then its own: baseline adds the checks that restricted replaces
 * with stricter ones ("overlap").
 */
public final class PodChecks {
  /** The newest policy version with a check of its own (hostProbesAndHostLifecycle, v1.34). */
  static final int MAX_VERSION = 34;

  private enum Kind { BASELINE, BASELINE_OVERLAP, RESTRICTED }

  private record Check(String id, Kind kind, int sinceMinor, int untilMinor,
      BiFunction<JsonNode, JsonNode, Violation> run) {}

  private static final List<Check> CHECKS = List.of(
      new Check("allowPrivilegeEscalation", Kind.RESTRICTED, 8, Integer.MAX_VALUE, RestrictedChecks::allowPrivilegeEscalation),
      new Check("appArmorProfile", Kind.BASELINE, 0, Integer.MAX_VALUE, BaselineChecks::appArmorProfile),
      new Check("capabilities_baseline", Kind.BASELINE_OVERLAP, 0, Integer.MAX_VALUE, BaselineChecks::capabilities),
      new Check("capabilities_restricted", Kind.RESTRICTED, 22, Integer.MAX_VALUE, RestrictedChecks::capabilities),
      new Check("hostNamespaces", Kind.BASELINE, 0, Integer.MAX_VALUE, BaselineChecks::hostNamespaces),
      new Check("hostPathVolumes", Kind.BASELINE_OVERLAP, 0, Integer.MAX_VALUE, BaselineChecks::hostPathVolumes),
      new Check("hostPorts", Kind.BASELINE, 0, Integer.MAX_VALUE, BaselineChecks::hostPorts),
      new Check("hostProbesAndHostLifecycle", Kind.BASELINE, 34, Integer.MAX_VALUE, BaselineChecks::hostProbes),
      new Check("privileged", Kind.BASELINE, 0, Integer.MAX_VALUE, BaselineChecks::privileged),
      new Check("procMount", Kind.BASELINE, 0, Integer.MAX_VALUE, BaselineChecks::procMount),
      new Check("restrictedVolumes", Kind.RESTRICTED, 0, Integer.MAX_VALUE, RestrictedChecks::volumes),
      new Check("runAsNonRoot", Kind.RESTRICTED, 0, Integer.MAX_VALUE, RestrictedChecks::runAsNonRoot),
      new Check("runAsUser", Kind.RESTRICTED, 23, Integer.MAX_VALUE, RestrictedChecks::runAsUser),
      new Check("seLinuxOptions", Kind.BASELINE, 0, Integer.MAX_VALUE, BaselineChecks::seLinuxOptions),
      new Check("seccompProfile_baseline", Kind.BASELINE_OVERLAP, 0, 18, BaselineChecks::seccompAnnotations),
      new Check("seccompProfile_baseline", Kind.BASELINE_OVERLAP, 19, Integer.MAX_VALUE, BaselineChecks::seccomp),
      new Check("seccompProfile_restricted", Kind.RESTRICTED, 19, Integer.MAX_VALUE, RestrictedChecks::seccomp),
      new Check("sysctls", Kind.BASELINE, 0, Integer.MAX_VALUE, BaselineChecks::sysctls),
      new Check("windowsHostProcess", Kind.BASELINE, 0, Integer.MAX_VALUE, BaselineChecks::windowsHostProcess));

  private PodChecks() {}

  /** The violations of a pod (or template) at a level and version; none for privileged. */
  public static List<Violation> evaluate(LevelVersion policy, JsonNode metadata, JsonNode spec) {
    List<Violation> out = new ArrayList<>();
    if (policy.level() == Level.PRIVILEGED) {
      return out;
    }
    int minor = Math.min(policy.minor(), MAX_VERSION);
    run(Kind.BASELINE, minor, metadata, spec, out);
    run(policy.level() == Level.BASELINE ? Kind.BASELINE_OVERLAP : Kind.RESTRICTED, minor, metadata, spec, out);
    return out;
  }

  private static void run(Kind kind, int minor, JsonNode metadata, JsonNode spec, List<Violation> out) {
    for (Check check : CHECKS) {
      if (check.kind() == kind && minor >= check.sinceMinor() && minor <= check.untilMinor()) {
        Violation v = check.run().apply(metadata, spec);
        if (v != null) {
          out.add(v);
        }
      }
    }
  }

  /** Init containers, containers, then ephemeral containers (policy/visitor.go). */
  static List<JsonNode> containers(JsonNode spec) {
    List<JsonNode> all = new ArrayList<>();
    for (String list : new String[] {"initContainers", "containers", "ephemeralContainers"}) {
      spec.path(list).forEach(all::add);
    }
    return all;
  }
}
