package dev.vkube.apiserver.admission.podsecurity;

import static dev.vkube.apiserver.admission.podsecurity.Violation.containers;
import static dev.vkube.apiserver.admission.podsecurity.Violation.joinQuote;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * seccompProfile_baseline (v1.19+) and seccompProfile_restricted: a set profile must be RuntimeDefault
 * or Localhost; restricted also requires one on the pod or on every container.
 */
final class Seccomp {
  private Seccomp() {}

  static Violation check(JsonNode spec, boolean required) {
    List<String> setters = new ArrayList<>();
    TreeSet<String> badValues = new TreeSet<>();
    boolean podSet = false;
    JsonNode podProfile = spec.path("securityContext").path("seccompProfile");
    if (podProfile.isObject()) {
      if (!valid(podProfile)) {
        setters.add("pod");
        badValues.add(podProfile.path("type").asText(""));
      } else {
        podSet = true;
      }
    }
    List<String> explicit = new ArrayList<>();
    List<String> implicit = new ArrayList<>();
    for (JsonNode c : PodChecks.containers(spec)) {
      JsonNode profile = c.path("securityContext").path("seccompProfile");
      if (profile.isObject()) {
        if (!valid(profile)) {
          explicit.add(BaselineChecks.name(c));
          badValues.add(profile.path("type").asText(""));
        }
      } else if (!podSet) {
        implicit.add(BaselineChecks.name(c));
      }
    }
    if (!explicit.isEmpty()) {
      setters.add(containers(explicit));
    }
    if (!setters.isEmpty()) {
      return new Violation("seccompProfile", String.join(" and ", setters)
          + " must not set securityContext.seccompProfile.type to " + joinQuote(new ArrayList<>(badValues)));
    }
    if (required && !implicit.isEmpty()) {
      return new Violation("seccompProfile", "pod or " + containers(implicit)
          + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");
    }
    return null;
  }

  private static boolean valid(JsonNode profile) {
    String type = profile.path("type").asText("");
    return type.equals("RuntimeDefault") || type.equals("Localhost");
  }
}
