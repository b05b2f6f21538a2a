package dev.vkube.apiserver.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * isSignificantPodUpdate: a pod update is evaluated only when it could change the verdict (images,
 * seccomp annotations, container counts, new ephemeral containers).
 */
final class SignificantUpdates {
  private static final String SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod";
  private static final String SECCOMP_CONTAINER = "container.seccomp.security.alpha.kubernetes.io/";

  private SignificantUpdates() {}

  static boolean significant(JsonNode pod, JsonNode old) {
    JsonNode annotations = pod.path("metadata").path("annotations");
    JsonNode oldAnnotations = old.path("metadata").path("annotations");
    if (!annotations.path(SECCOMP_POD).equals(oldAnnotations.path(SECCOMP_POD))) {
      return true;
    }
    for (String list : new String[] {"containers", "initContainers"}) {
      JsonNode now = pod.path("spec").path(list);
      JsonNode was = old.path("spec").path(list);
      if (now.size() != was.size()) {
        return true;
      }
      for (int i = 0; i < now.size(); i++) {
        if (changed(now.get(i), was.get(i), annotations, oldAnnotations)) {
          return true;
        }
      }
    }
    for (JsonNode c : pod.path("spec").path("ephemeralContainers")) {
      JsonNode before = null;
      for (JsonNode o : old.path("spec").path("ephemeralContainers")) {
        if (o.path("name").equals(c.path("name"))) {
          before = o;
        }
      }
      if (before == null || changed(c, before, annotations, oldAnnotations)) {
        return true;
      }
    }
    return false;
  }

  private static boolean changed(JsonNode c, JsonNode old, JsonNode annotations, JsonNode oldAnnotations) {
    String key = SECCOMP_CONTAINER + c.path("name").asText();
    return !c.path("image").equals(old.path("image")) || !annotations.path(key).equals(oldAnnotations.path(key));
  }
}
