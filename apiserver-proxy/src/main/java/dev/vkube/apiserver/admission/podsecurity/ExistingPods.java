package dev.vkube.apiserver.admission.podsecurity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EvaluatePodsInNamespace: when a namespace's enforce level tightens, warn about the existing pods that
 * would now be refused, one warning per distinct set of reasons, naming the first pod and the count.
 */
final class ExistingPods {
  static final int MAX_PODS = 3000;

  private ExistingPods() {}

  static List<String> warnings(String namespace, LevelVersion enforce, List<ObjectNode> pods) {
    List<ObjectNode> sorted = new ArrayList<>(pods);
    sorted.sort(Comparator.comparing(Meta::name));
    List<String> out = new ArrayList<>();
    if (sorted.size() > MAX_PODS) {
      out.add("new PodSecurity enforce level only checked against the first " + MAX_PODS + " of " + sorted.size()
          + " existing pods");
      sorted = sorted.subList(0, MAX_PODS);
    }
    Map<String, String> firstPod = new LinkedHashMap<>();
    Map<String, Integer> count = new LinkedHashMap<>();
    for (ObjectNode pod : sorted) {
      List<Violation> v = PodChecks.evaluate(enforce, pod.path("metadata"), pod.path("spec"));
      if (!v.isEmpty()) {
        String reasons = Violation.reasons(v);
        firstPod.putIfAbsent(reasons, Meta.name(pod));
        count.merge(reasons, 1, Integer::sum);
      }
    }
    if (firstPod.isEmpty()) {
      return out;
    }
    out.add("existing pods in namespace \"" + namespace + "\" violate the new PodSecurity enforce level \""
        + enforce + "\"");
    List<String> podWarnings = new ArrayList<>();
    firstPod.forEach((reasons, pod) -> {
      int n = count.get(reasons);
      String who = n == 1 ? pod : n == 2 ? pod + " (and 1 other pod)" : pod + " (and " + (n - 1) + " other pods)";
      podWarnings.add(who + ": " + reasons);
    });
    podWarnings.sort(null);
    out.addAll(podWarnings);
    return out;
  }
}
