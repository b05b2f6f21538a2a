package dev.vkube.apiserver.controllers.cluster.namespace;

/**
 * Removes the {@code kubernetes} finalizer from an emptied namespace's spec.finalizers, which lets it
 * go (the namespaces/finalize subresource the upstream controller calls).
 */
@FunctionalInterface
public interface NamespaceFinalizer {
  void finalizeNamespace(String namespace);
}
