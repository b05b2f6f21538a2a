package dev.vkube.apiserver.controllers.cluster.namespace;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.controllers.cluster.StoreClient;
import dev.vkube.apiserver.registry.DeleteOptions;
import dev.vkube.apiserver.registry.GenericStore;
import dev.vkube.apiserver.registry.Informers;
import dev.vkube.apiserver.registry.ResourceDefinition;
import dev.vkube.apiserver.registry.ResourceRegistry;
import dev.vkube.apiserver.registry.WriteContext;
import dev.vkube.apiserver.storage.ListOptions;
import dev.vkube.apiserver.storage.Preconditions;
import dev.vkube.apiserver.storage.StoredObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One deletion pass over a namespace (namespace/deletion/namespaced_resources_deleter.go): every
 * namespaced resource that can be listed and deleted, custom ones included, is emptied with background
 * propagation, then counted again. All resources are handled concurrently.
 */
final class NamespaceContent {
  private final ResourceRegistry registry;
  private final Informers informers;
  private final WriteContext writer;

  NamespaceContent(ResourceRegistry registry, Informers informers, WriteContext writer) {
    this.registry = registry;
    this.informers = informers;
    this.writer = writer;
  }

  ContentReport deleteAll(String namespace) {
    List<String> failed = new ArrayList<>();
    Map<String, Integer> remaining = new ConcurrentHashMap<>();
    Map<String, Integer> finalizers = new ConcurrentHashMap<>();
    List<CompletableFuture<Void>> passes = new ArrayList<>();
    for (ResourceDefinition def : deletable()) {
      GenericStore store = informers.store(def.group(), def.version(), def.resource());
      passes.add(deletePass(store, namespace).thenCompose(ok -> store.list(namespace, ListOptions.ALL))
          .thenAccept(left -> count(def, left.items(), remaining, finalizers))
          .exceptionally(e -> {
            synchronized (failed) {
              failed.add(def.groupResource());
            }
            return null;
          }).toCompletableFuture());
    }
    passes.forEach(CompletableFuture::join);
    failed.sort(String::compareTo);
    return new ContentReport(List.copyOf(failed), Map.copyOf(remaining), Map.copyOf(finalizers));
  }

  /** One definition per group/resource (several served versions share one storage). */
  private List<ResourceDefinition> deletable() {
    Map<String, ResourceDefinition> byResource = new LinkedHashMap<>();
    for (ResourceDefinition def : registry.all()) {
      if (def.namespaced() && def.verbs().containsAll(List.of("list", "delete"))) {
        byResource.putIfAbsent(def.groupResource(), def);
      }
    }
    return List.copyOf(byResource.values());
  }

  private CompletionStage<Void> deletePass(GenericStore store, String namespace) {
    return store.list(namespace, ListOptions.ALL).thenCompose(page -> {
      List<CompletableFuture<?>> deletes = new ArrayList<>();
      for (StoredObject item : page.items()) {
        ObjectNode object = item.object();
        if (!Meta.deleting(object)) {
          deletes.add(store.delete(namespace, Meta.name(object), new DeleteOptions(null, "Background",
              new Preconditions(Meta.uid(object), null), false), writer).handle((r, e) -> ignoreGone(e))
              .toCompletableFuture());
        }
      }
      return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new));
    });
  }

  private static Void ignoreGone(Throwable failure) {
    if (failure == null) {
      return null;
    }
    RuntimeException e = StoreClient.unwrap(failure);
    if (e instanceof ApiException api && (api.code() == 404 || api.code() == 409)) {
      return null;
    }
    throw e;
  }

  private static void count(ResourceDefinition def, List<StoredObject> left, Map<String, Integer> remaining,
      Map<String, Integer> finalizers) {
    if (left.isEmpty()) {
      return;
    }
    remaining.merge(def.resource() + "." + def.group(), left.size(), Integer::sum);
    Map<String, Integer> local = new HashMap<>();
    for (StoredObject item : left) {
      item.object().path("metadata").path("finalizers").forEach(f -> local.merge(f.asText(), 1, Integer::sum));
    }
    local.forEach((f, n) -> finalizers.merge(f, n, Integer::sum));
  }
}
