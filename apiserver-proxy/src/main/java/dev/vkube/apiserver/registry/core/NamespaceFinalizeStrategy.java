package dev.vkube.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.StatusCause;
import dev.vkube.apiserver.registry.ObjectMetaRules;
import dev.vkube.apiserver.registry.ResourceStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The namespaces/finalize subresource (pkg/registry/core/namespace/strategy.go namespaceFinalizeStrategy):
 * an update that, unlike the main resource's, takes spec.finalizers from the body; status stays the
 * stored one (the generic store copies it). Names are validated as ValidateNamespaceFinalizeUpdate
 * does: a standard finalizer name or a qualified name with a domain prefix.
 */
final class NamespaceFinalizeStrategy implements ResourceStrategy {
  /** apis/core/validation standardFinalizers: kubernetes, orphan, foregroundDeletion. */
  static final Set<String> STANDARD_FINALIZERS = Set.of(NamespaceStrategy.FINALIZER, "orphan", "foregroundDeletion");
  private final NamespaceStrategy namespaces;

  NamespaceFinalizeStrategy(NamespaceStrategy namespaces) {
    this.namespaces = namespaces;
  }

  @Override
  public void prepareForUpdate(ObjectNode namespace, ObjectNode old) {
    // The main strategy keeps the stored spec; this one takes it from the body and only labels (Canonicalize).
    namespaces.labelWithName(namespace);
  }

  @Override
  public List<StatusCause> validateUpdate(ObjectNode namespace, ObjectNode old) {
    List<StatusCause> causes = new ArrayList<>();
    JsonNode finalizers = namespace.path("spec").path("finalizers");
    for (int i = 0; i < finalizers.size(); i++) {
      String name = finalizers.get(i).asText();
      String field = "spec.finalizers[" + i + "]";
      ObjectMetaRules.qualifiedName(name).ifPresent(problem -> causes.add(StatusCause.invalid(field, name, problem)));
      if (!name.contains("/") && !STANDARD_FINALIZERS.contains(name)) {
        causes.add(StatusCause.invalid(field, name, "name is neither a standard finalizer name nor is it fully "
            + "qualified"));
      }
    }
    return causes;
  }
}
