package dev.vkube.scheduler.model;

import java.util.Set;

/**
 * A required pod (anti-)affinity term. Empty {@code namespaces} means the namespace of the pod
 * that carries the term, as upstream when namespaceSelector is also unset.
 */
public record PodAffinityTerm(LabelSelector selector, Set<String> namespaces, String topologyKey) {
  public PodAffinityTerm {
    namespaces = Set.copyOf(namespaces);
  }

  public static PodAffinityTerm of(LabelSelector selector, String topologyKey) {
    return new PodAffinityTerm(selector, Set.of(), topologyKey);
  }

  /** Whether {@code other} is selected by this term carried by a pod in {@code ownerNamespace}. */
  public boolean selects(String ownerNamespace, Pod other) {
    boolean nsMatch = namespaces.isEmpty()
        ? ownerNamespace.equals(other.namespace())
        : namespaces.contains(other.namespace());
    return nsMatch && selector.matches(other.labels());
  }
}
