package dev.vkube.syncer;

import java.util.Optional;

/**
 * Virtual namespace/name to the host namespace/name of its synced copy: what the server's
 * pods/log|exec|attach|portforward proxy needs to address the host pod (vCluster's redirect filter
 * rewrites the path the same way). Empty while no syncer runs.
 */
@FunctionalInterface
public interface HostLocator {
  HostLocator NONE = (namespace, name) -> Optional.empty();

  Optional<HostRef> locate(String virtualNamespace, String virtualName);
}
