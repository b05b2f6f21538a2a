package dev.vkube.apiserver.auth.authz.rbac;

import dev.vkube.apiserver.registry.Informers;
import dev.vkube.apiserver.registry.ObjectCache;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Policy from the server's RBAC informers. Each resource's index is rebuilt lazily, on the first read
 * after a change (listeners only count changes), so a read costs hash lookups and a write of one RBAC
 * object costs one rebuild of that resource's index (about a microsecond per object).
 */
public final class CachedRbacSource implements RbacSource {
  public static final String GROUP = "rbac.authorization.k8s.io";

  private final Derived<Map<String, List<PolicyRule>>> roles;
  private final Derived<Map<String, List<PolicyRule>>> clusterRoles;
  private final Derived<Map<String, BindingIndex>> roleBindings;
  private final Derived<BindingIndex> clusterRoleBindings;
  private final List<ObjectCache> caches;

  public CachedRbacSource(Informers informers) {
    ObjectCache r = informers.of(GROUP, "v1", "roles");
    ObjectCache cr = informers.of(GROUP, "v1", "clusterroles");
    ObjectCache rb = informers.of(GROUP, "v1", "rolebindings");
    ObjectCache crb = informers.of(GROUP, "v1", "clusterrolebindings");
    caches = List.of(r, cr, rb, crb);
    roles = new Derived<>(r, RbacSnapshot::rules);
    clusterRoles = new Derived<>(cr, RbacSnapshot::rules);
    roleBindings = new Derived<>(rb, RbacSnapshot::namespacedBindings);
    clusterRoleBindings = new Derived<>(crb, RbacSnapshot::clusterBindings);
  }

  /** Whether every RBAC cache holds its initial state. */
  public boolean synced() {
    return caches.stream().allMatch(ObjectCache::synced);
  }

  @Override
  public List<PolicyRule> clusterRole(String name) {
    return clusterRoles.get().get(name);
  }

  @Override
  public List<PolicyRule> roleByKey(String key) {
    return roles.get().get(key);
  }

  @Override
  public BindingIndex clusterRoleBindings() {
    return clusterRoleBindings.get();
  }

  @Override
  public BindingIndex roleBindings(String namespace) {
    return roleBindings.get().getOrDefault(namespace, BindingIndex.EMPTY);
  }

  /** A value computed from a cache's objects, recomputed after the cache changes. */
  private static final class Derived<T> {
    private record Versioned<T>(long version, T value) {}

    private final ObjectCache cache;
    private final Function<List<com.fasterxml.jackson.databind.node.ObjectNode>, T> compute;
    private final AtomicLong changes = new AtomicLong();
    private volatile Versioned<T> current = new Versioned<>(-1, null);

    Derived(ObjectCache cache, Function<List<com.fasterxml.jackson.databind.node.ObjectNode>, T> compute) {
      this.cache = cache;
      this.compute = compute;
      cache.addListener((type, object) -> changes.incrementAndGet());
    }

    T get() {
      long version = changes.get();
      Versioned<T> seen = current;
      if (seen.version() == version && cache.synced()) {
        return seen.value();
      }
      // Read the version before the objects: a change during the rebuild leaves it stale, not lost.
      T value = compute.apply(cache.list(null));
      current = new Versioned<>(cache.synced() ? version : -1, value);
      return value;
    }
  }
}
