package dev.vkube.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.storage.StorageException;
import dev.vkube.apiserver.storage.WatchEvent;
import dev.vkube.apiserver.storage.WatchHandle;
import dev.vkube.apiserver.storage.WatchListener;
import dev.vkube.apiserver.storage.WatchOptions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Namespaces as the lifecycle check sees them: a watched map, with a live read when a namespace is not
 * in it yet (NamespaceLifecycle admission does the same to tolerate a lagging informer).
 */
public final class NamespaceCache implements NamespaceLookup, AutoCloseable {
  private final Map<String, ObjectNode> namespaces = new ConcurrentHashMap<>();
  private final GenericStore store;
  private volatile WatchHandle handle;

  public NamespaceCache(GenericStore store) {
    this.store = store;
  }

  public void start() {
    handle = store.watch(null, new WatchOptions("", false, false, o -> true), new WatchListener() {
      @Override
      public void onEvent(WatchEvent event) {
        if (event.object() == null) {
          return;
        }
        ObjectNode ns = event.object().object();
        if (event.type() == WatchEvent.Type.DELETED) {
          namespaces.remove(Meta.name(ns));
        } else {
          namespaces.put(Meta.name(ns), ns);
        }
      }

      @Override
      public void onClose(StorageException error) {
        namespaces.clear();
        if (error != null) {
          start();
        }
      }
    });
  }

  @Override
  public CompletionStage<ObjectNode> find(String namespace) {
    ObjectNode cached = namespaces.get(namespace);
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
    }
    return store.get(null, namespace).handle((stored, e) -> e == null ? stored.object() : null);
  }

  @Override
  public void close() {
    if (handle != null) {
      handle.close();
    }
  }
}
