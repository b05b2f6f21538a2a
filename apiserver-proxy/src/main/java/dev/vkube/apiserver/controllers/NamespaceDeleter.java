package dev.vkube.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.registry.DeleteOptions;
import dev.vkube.apiserver.registry.GenericStore;
import dev.vkube.apiserver.registry.WriteContext;
import dev.vkube.apiserver.registry.core.NamespaceStrategy;
import dev.vkube.apiserver.storage.ListOptions;
import dev.vkube.apiserver.storage.Preconditions;
import dev.vkube.apiserver.storage.Storage;
import dev.vkube.apiserver.storage.StorageException;
import dev.vkube.apiserver.storage.WatchEvent;
import dev.vkube.apiserver.storage.WatchHandle;
import dev.vkube.apiserver.storage.WatchListener;
import dev.vkube.apiserver.storage.WatchOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The namespace controller's deletion path (pkg/controller/namespace/deletion): when a namespace is
 * Terminating, delete everything in it, then remove the {@code kubernetes} finalizer, which lets the
 * namespace go. Level-based: a namespace still holding content is retried after a second.
 * (Issue 5 moves this onto the shared controller runtime and adds the namespace conditions.)
 */
public final class NamespaceDeleter implements AutoCloseable {
  private static final long RETRY_MILLIS = 1000;
  private static final WriteContext CONTROLLER = WriteContext.controller("namespace-controller");
  private final GenericStore namespaces;
  private final Storage storage;
  private final Supplier<List<GenericStore>> namespacedStores;
  private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "namespace-deleter");
    t.setDaemon(true);
    return t;
  });
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private volatile WatchHandle handle;

  public NamespaceDeleter(GenericStore namespaces, Storage storage, Supplier<List<GenericStore>> namespacedStores) {
    this.namespaces = namespaces;
    this.storage = storage;
    this.namespacedStores = namespacedStores;
  }

  public void start() {
    handle = namespaces.watch(null, new WatchOptions("", false, false, Meta::deleting), new WatchListener() {
      @Override
      public void onEvent(WatchEvent event) {
        if (event.object() != null && event.type() != WatchEvent.Type.DELETED) {
          enqueue(Meta.name(event.object().object()), 0);
        }
      }

      @Override
      public void onClose(StorageException error) {
        if (error != null) {
          worker.schedule(NamespaceDeleter.this::start, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
      }
    });
  }

  private void enqueue(String namespace, long delayMillis) {
    if (queued.add(namespace)) {
      worker.schedule(() -> reconcile(namespace), delayMillis, TimeUnit.MILLISECONDS);
    }
  }

  private void reconcile(String namespace) {
    queued.remove(namespace);
    try {
      boolean empty = deleteContent(namespace);
      if (empty) {
        finalizeNamespace(namespace);
      } else {
        enqueue(namespace, RETRY_MILLIS);
      }
    } catch (RuntimeException e) {
      enqueue(namespace, RETRY_MILLIS);
    }
  }

  /** Deletes every namespaced object; true when nothing is left. */
  private boolean deleteContent(String namespace) {
    DeleteOptions now = new DeleteOptions(0L, null, Preconditions.NONE, false);
    List<CompletableFuture<Integer>> remaining = new ArrayList<>();
    for (GenericStore store : namespacedStores.get()) {
      remaining.add(store.deleteCollection(namespace, ListOptions.ALL, now, CONTROLLER)
          .thenCompose(deleted -> store.list(namespace, ListOptions.ALL))
          .thenApply(left -> left.items().size()).toCompletableFuture());
    }
    return remaining.stream().mapToInt(CompletableFuture::join).sum() == 0;
  }

  private void finalizeNamespace(String namespace) {
    String key = namespaces.key(null, namespace);
    storage.guaranteedUpdate(key, Preconditions.NONE, false, current -> {
      ObjectNode next = current.object().deepCopy();
      JsonNode finalizers = next.path("spec").path("finalizers");
      ArrayNode kept = next.arrayNode();
      finalizers.forEach(f -> {
        if (!NamespaceStrategy.FINALIZER.equals(f.asText())) {
          kept.add(f);
        }
      });
      next.with("spec").set("finalizers", kept);
      return next;
    }).thenCompose(updated -> Meta.hasFinalizers(updated.object()) || updated.object().path("spec")
        .path("finalizers").size() > 0 ? CompletableFuture.completedFuture(null)
        : storage.delete(key, new Preconditions(null, Meta.resourceVersion(updated.object())),
            c -> { }).thenApply(d -> null))
        .toCompletableFuture().join();
  }

  @Override
  public void close() {
    if (handle != null) {
      handle.close();
    }
    worker.shutdownNow();
  }
}
