package dev.vkube.controller;

import java.util.Optional;

/**
 * Where a leader-election Lease lives (the API server's own store, or a remote cluster through a
 * client). Writes are compare-and-swap on the resourceVersion: false means someone else won.
 */
public interface LeaseStore {
  Optional<Lease> get();

  boolean create(Lease lease);

  boolean update(Lease lease);
}
