package dev.vkube.apiserver.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** One shared {@link ObjectCache} per resource, started on first request (like a SharedInformerFactory). */
public final class Informers implements AutoCloseable {
  private final ResourceRegistry registry;
  private final Function<ResourceDefinition, GenericStore> stores;
  private final Map<String, ObjectCache> caches = new ConcurrentHashMap<>();

  public Informers(ResourceRegistry registry, Function<ResourceDefinition, GenericStore> stores) {
    this.registry = registry;
    this.stores = stores;
  }

  /** The cache of a built-in resource, e.g. ("rbac.authorization.k8s.io", "v1", "roles"). */
  public ObjectCache of(String group, String version, String resource) {
    return caches.computeIfAbsent(group + "/" + version + "/" + resource, key -> {
      ResourceDefinition def = registry.lookup(group, version, resource).orElseThrow(() ->
          new IllegalArgumentException("no resource " + key));
      return new ObjectCache(stores.apply(def)).start();
    });
  }

  public GenericStore store(String group, String version, String resource) {
    return stores.apply(registry.lookup(group, version, resource).orElseThrow());
  }

  @Override
  public void close() {
    caches.values().forEach(ObjectCache::close);
  }
}
