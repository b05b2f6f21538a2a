package dev.vkube.apiserver.registry;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The virtual (computed, create-only) resources and subresources of one server, by key. */
public final class VirtualResources {
  private final Map<String, VirtualResource> handlers = new ConcurrentHashMap<>();

  public VirtualResources register(String group, String resource, String subresource, VirtualResource handler) {
    handlers.put(VirtualResource.key(group, resource, subresource), handler);
    return this;
  }

  public Optional<VirtualResource> find(String group, String resource, String subresource) {
    return Optional.ofNullable(handlers.get(VirtualResource.key(group, resource, subresource)));
  }
}
