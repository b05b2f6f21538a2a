package dev.vkube.apiserver.admission.quota;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.admission.resources.PodResources;
import java.util.ArrayList;
import java.util.List;

/**
 * Quota scopes (pkg/quota/v1/evaluator/core/pods.go podMatchesScopeFunc): spec.scopes and
 * spec.scopeSelector, all of which an object must match for the quota to charge it.
 */
final class QuotaScopes {
  record Selector(String scope, String operator, List<String> values) {}

  private QuotaScopes() {}

  static List<Selector> selectors(JsonNode quota) {
    List<Selector> out = new ArrayList<>();
    for (JsonNode scope : quota.path("spec").path("scopes")) {
      out.add(new Selector(scope.asText(), "Exists", List.of()));
    }
    for (JsonNode e : quota.path("spec").path("scopeSelector").path("matchExpressions")) {
      List<String> values = new ArrayList<>();
      e.path("values").forEach(v -> values.add(v.asText()));
      out.add(new Selector(e.path("scopeName").asText(), e.path("operator").asText(), values));
    }
    return out;
  }

  static boolean podMatches(Selector selector, JsonNode pod) {
    JsonNode spec = pod.path("spec");
    return switch (selector.scope()) {
      case "Terminating" -> spec.path("activeDeadlineSeconds").canConvertToLong()
          && spec.path("activeDeadlineSeconds").asLong() >= 0;
      case "NotTerminating" -> !(spec.path("activeDeadlineSeconds").canConvertToLong()
          && spec.path("activeDeadlineSeconds").asLong() >= 0);
      case "BestEffort" -> PodResources.qosClass(spec).equals("BestEffort");
      case "NotBestEffort" -> !PodResources.qosClass(spec).equals("BestEffort");
      case "PriorityClass" -> priorityClassMatches(selector, spec.path("priorityClassName").asText(""));
      case "CrossNamespacePodAffinity" -> crossNamespaceAffinity(spec.path("affinity"));
      default -> false;
    };
  }

  /** Exists means "has a priority class"; the others are label-selector operators on its name. */
  private static boolean priorityClassMatches(Selector selector, String name) {
    return switch (selector.operator()) {
      case "Exists" -> !name.isEmpty();
      case "In" -> selector.values().contains(name);
      case "NotIn" -> !selector.values().contains(name);
      default -> false;
    };
  }

  private static boolean crossNamespaceAffinity(JsonNode affinity) {
    for (String kind : new String[] {"podAffinity", "podAntiAffinity"}) {
      JsonNode a = affinity.path(kind);
      for (JsonNode term : a.path("requiredDuringSchedulingIgnoredDuringExecution")) {
        if (term.path("namespaces").size() > 0 || term.has("namespaceSelector")) {
          return true;
        }
      }
      for (JsonNode weighted : a.path("preferredDuringSchedulingIgnoredDuringExecution")) {
        JsonNode term = weighted.path("podAffinityTerm");
        if (term.path("namespaces").size() > 0 || term.has("namespaceSelector")) {
          return true;
        }
      }
    }
    return false;
  }
}
