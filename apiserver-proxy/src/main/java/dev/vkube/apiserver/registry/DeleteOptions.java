package dev.vkube.apiserver.registry;

import dev.vkube.apiserver.storage.Preconditions;

/** metav1.DeleteOptions as the store uses them. */
public record DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, Preconditions preconditions,
    boolean dryRun) {
  public static final DeleteOptions DEFAULT = new DeleteOptions(null, null, Preconditions.NONE, false);
}
