package dev.vkube.apiserver.controllers.cluster.namespace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.controllers.cluster.StoreClient;
import dev.vkube.apiserver.registry.GenericStore;
import dev.vkube.apiserver.registry.core.NamespaceStrategy;
import dev.vkube.apiserver.storage.DeleteValidation;
import dev.vkube.apiserver.storage.Preconditions;
import dev.vkube.apiserver.storage.Storage;
import dev.vkube.apiserver.storage.StoredObject;
import java.util.concurrent.CompletableFuture;

/**
 * The finalize write done on storage directly: the namespace strategy keeps spec on update (as
 * upstream's does), and the generic store has no finalize subresource yet. Once it has one this
 * becomes a store update with subresource "finalize".
 */
public final class StorageNamespaceFinalizer implements NamespaceFinalizer {
  private final Storage storage;
  private final GenericStore namespaces;

  public StorageNamespaceFinalizer(Storage storage, GenericStore namespaces) {
    this.storage = storage;
    this.namespaces = namespaces;
  }

  @Override
  public void finalizeNamespace(String namespace) {
    String key = namespaces.key(null, namespace);
    StoreClient.join(storage.guaranteedUpdate(key, Preconditions.NONE, false, current -> {
      ObjectNode next = current.object().deepCopy();
      ArrayNode kept = next.arrayNode();
      next.path("spec").path("finalizers").forEach(f -> {
        if (!NamespaceStrategy.FINALIZER.equals(f.asText())) {
          kept.add(f);
        }
      });
      next.with("spec").set("finalizers", kept);
      return next;
    }).thenCompose(this::deleteIfFinished));
  }

  private CompletableFuture<Object> deleteIfFinished(StoredObject updated) {
    ObjectNode object = updated.object();
    if (Meta.hasFinalizers(object) || object.path("spec").path("finalizers").size() > 0) {
      return CompletableFuture.completedFuture(null);
    }
    return storage.delete(updated.key(), new Preconditions(null, Meta.resourceVersion(object)), DeleteValidation.NONE)
        .<Object>thenApply(d -> d).toCompletableFuture();
  }
}
