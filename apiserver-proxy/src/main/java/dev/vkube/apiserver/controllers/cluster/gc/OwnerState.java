package dev.vkube.apiserver.controllers.cluster.gc;

/** How one owner reference resolves (garbagecollector.go classifyReferences). */
public enum OwnerState {
  /** The owner exists and is not deleting its dependents. */
  SOLID,
  /** The owner is gone (or has another uid now). */
  DANGLING,
  /** The owner is in foreground deletion and waits for its dependents. */
  WAITING
}
