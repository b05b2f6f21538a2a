package dev.vkube.apiserver.admission.quota;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.registry.Informers;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.apiserver.registry.ResourceDefinition;
import dev.vkube.apiserver.registry.ResourceRegistry;
import java.util.List;
import java.util.Optional;

/** {@link QuotaObjects} over the server's informer caches (any served version of a resource will do). */
public final class InformerQuotaObjects implements QuotaObjects {
  private final ResourceRegistry registry;
  private final Informers informers;
  /** The built-in resourcequotas cache, looked up once: every charged write in any namespace asks for it. */
  private volatile ObjectCache quotaCache;

  public InformerQuotaObjects(ResourceRegistry registry, Informers informers) {
    this.registry = registry;
    this.informers = informers;
  }

  @Override
  public List<ObjectNode> list(String group, String resource, String namespace) {
    return cache(group, resource).map(c -> c.list(namespace)).orElse(List.of());
  }

  @Override
  public List<ObjectNode> quotas(String namespace) {
    ObjectCache quotas = quotaCache;
    if (quotas == null) {
      Optional<ObjectCache> found = cache("", "resourcequotas");
      if (found.isEmpty()) {
        return List.of();
      }
      quotas = found.get();
      quotaCache = quotas;
    }
    return quotas.list(namespace);
  }

  public Optional<ObjectCache> cache(String group, String resource) {
    return registry.all().stream().filter(d -> d.group().equals(group) && d.resource().equals(resource)
        && d.namespaced()).findFirst().map(ResourceDefinition::version).map(v -> informers.of(group, v, resource));
  }
}
