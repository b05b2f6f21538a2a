package dev.vkube.apiserver.registry;

import java.util.List;
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
