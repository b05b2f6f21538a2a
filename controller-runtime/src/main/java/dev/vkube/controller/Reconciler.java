package dev.vkube.controller;

/**
 * Level-based reconciliation of one key: read current state, compute desired, apply the difference,
 * idempotently. An exception requeues the key with backoff.
 */
@FunctionalInterface
public interface Reconciler<K> {
  Result reconcile(K key) throws Exception;
}
