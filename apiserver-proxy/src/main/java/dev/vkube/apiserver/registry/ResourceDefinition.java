package dev.vkube.apiserver.registry;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the server knows about one served resource: its names as discovery shows them, its scope, its
 * subresources, where it lives in etcd and the strategy that holds its per-resource behaviour.
 */
public record ResourceDefinition(
    String group,
    String version,
    String resource,
    String kind,
    String singular,
    List<String> shortNames,
    List<String> categories,
    boolean namespaced,
    Set<String> subresources,
    String storagePath,
    ResourceStrategy strategy) {

  public static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /**
   * Hashes the identifying fields only (equal definitions have equal ones, so this agrees with the
   * record's equals): definitions key the store map on every request, and the generated hash walked
   * the name lists, subresource set and strategy each time.
   */
  @Override
  public int hashCode() {
    return Objects.hash(group, version, resource);
  }

  @Override
  public boolean equals(Object other) {
    return other == this || other instanceof ResourceDefinition that && Objects.equals(group, that.group)
        && Objects.equals(version, that.version) && Objects.equals(resource, that.resource)
        && Objects.equals(kind, that.kind) && Objects.equals(singular, that.singular)
        && Objects.equals(shortNames, that.shortNames) && Objects.equals(categories, that.categories)
        && namespaced == that.namespaced && Objects.equals(subresources, that.subresources)
        && Objects.equals(storagePath, that.storagePath) && Objects.equals(strategy, that.strategy);
  }

  public String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  public String groupResource() {
    return group.isEmpty() ? resource : resource + "." + group;
  }

  public String listKind() {
    return kind + "List";
  }

  public boolean hasStatus() {
    return subresources.contains("status");
  }

  public List<String> verbs() {
    return strategy.verbs();
  }
}
