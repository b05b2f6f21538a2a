package dev.vkube.scheduler.model;

import java.util.List;
import java.util.Map;

/**
 * A required node affinity term: all expressions on labels and all field requirements (only
 * {@code metadata.name} exists upstream) must hold. An empty term matches no node
 * (k8s.io/component-helpers nodeaffinity: "a null or empty term matches no objects").
 */
public record NodeSelectorTerm(List<Requirement> matchExpressions, List<Requirement> matchFields) {
  public static final String NAME_FIELD = "metadata.name";

  public NodeSelectorTerm {
    matchExpressions = List.copyOf(matchExpressions);
    matchFields = List.copyOf(matchFields);
  }

  public static NodeSelectorTerm of(Requirement... expressions) {
    return new NodeSelectorTerm(List.of(expressions), List.of());
  }

  public boolean matches(String nodeName, Map<String, String> labels) {
    if (matchExpressions.isEmpty() && matchFields.isEmpty()) {
      return false;
    }
    for (Requirement r : matchExpressions) {
      if (!r.matches(labels)) {
        return false;
      }
    }
    for (Requirement r : matchFields) {
      if (!r.matches(Map.of(NAME_FIELD, nodeName))) {
        return false;
      }
    }
    return true;
  }
}
