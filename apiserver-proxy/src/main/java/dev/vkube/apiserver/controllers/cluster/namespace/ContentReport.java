package dev.vkube.apiserver.controllers.cluster.namespace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import dev.vkube.apiserver.controllers.cluster.Conditions;

/**
 * What one deletion pass over a namespace found: resources whose delete failed, objects left per
 * resource and finalizers left per name. Renders the namespace deletion conditions with upstream's
 * types, reasons and messages (namespace/deletion/status_condition_utils.go).
 */
public record ContentReport(List<String> failedResources, Map<String, Integer> remaining,
    Map<String, Integer> finalizers) {

  public boolean empty() {
    return failedResources.isEmpty() && remaining.isEmpty();
  }

  /** Sets the five conditions; true when any changed. */
  public boolean writeConditions(ArrayNode conditions, Instant now) {
    boolean changed = Conditions.set(conditions, "NamespaceDeletionDiscoveryFailure", "False",
        "ResourcesDiscovered", "All resources successfully discovered", now);
    changed |= Conditions.set(conditions, "NamespaceDeletionGroupVersionParsingFailure", "False",
        "ParsedGroupVersions", "All legacy kube types successfully parsed", now);
    changed |= failedResources.isEmpty()
        ? Conditions.set(conditions, "NamespaceDeletionContentFailure", "False", "ContentDeleted",
            "All content successfully deleted, may be waiting on finalization", now)
        : Conditions.set(conditions, "NamespaceDeletionContentFailure", "True", "ContentDeletionFailed",
            "Failed to delete all resource types, " + failedResources.size() + " remaining: "
                + String.join(", ", failedResources), now);
    changed |= remaining.isEmpty()
        ? Conditions.set(conditions, "NamespaceContentRemaining", "False", "ContentRemoved",
            "All content successfully removed", now)
        : Conditions.set(conditions, "NamespaceContentRemaining", "True", "SomeResourcesRemain",
            "Some resources are remaining: " + describe(remaining, "%s has %d resource instances"), now);
    changed |= finalizers.isEmpty()
        ? Conditions.set(conditions, "NamespaceFinalizersRemaining", "False", "ContentHasNoFinalizers",
            "All content-preserving finalizers finished", now)
        : Conditions.set(conditions, "NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain",
            "Some content in the namespace has finalizers remaining: " + describe(finalizers,
                "%s in %d resource instances"), now);
    return changed;
  }

  private static String describe(Map<String, Integer> counts, String format) {
    return new TreeMap<>(counts).entrySet().stream().map(e -> String.format(format, e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }
}
