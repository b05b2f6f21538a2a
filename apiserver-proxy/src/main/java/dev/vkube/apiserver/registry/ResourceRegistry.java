package dev.vkube.apiserver.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The served resources by group/version/resource, in registration order (discovery lists them so).
 * Thread-safe: custom resources come and go while requests are served.
 */
public final class ResourceRegistry {
  private final Map<String, ResourceDefinition> byPath = new ConcurrentHashMap<>();
  private final List<ResourceDefinition> ordered = new CopyOnWriteArrayList<>();

  public static ResourceRegistry builtin() {
    ResourceRegistry registry = new ResourceRegistry();
    BuiltinResources.all().forEach(registry::register);
    return registry;
  }

  public void register(ResourceDefinition definition) {
    ResourceDefinition previous = byPath.put(path(definition.group(), definition.version(), definition.resource()),
        definition);
    if (previous != null) {
      ordered.remove(previous);
    }
    ordered.add(definition);
  }

  public void unregister(ResourceDefinition definition) {
    byPath.remove(path(definition.group(), definition.version(), definition.resource()));
    ordered.remove(definition);
  }

  public Optional<ResourceDefinition> lookup(String group, String version, String resource) {
    return Optional.ofNullable(byPath.get(path(group, version, resource)));
  }

  public Collection<ResourceDefinition> all() {
    return List.copyOf(ordered);
  }

  /** The group/versions served, in first-registration order; core ("") first. */
  public List<String> groupVersions() {
    List<String> out = new ArrayList<>();
    for (ResourceDefinition d : ordered) {
      if (!out.contains(d.groupVersion())) {
        out.add(d.groupVersion());
      }
    }
    return out;
  }

  private static String path(String group, String version, String resource) {
    return group + "/" + version + "/" + resource;
  }
}
