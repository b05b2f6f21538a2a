package dev.vkube.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.storage.ListOptions;
import dev.vkube.apiserver.storage.StorageException;
import dev.vkube.apiserver.storage.WatchEvent;
import dev.vkube.apiserver.storage.WatchHandle;
import dev.vkube.apiserver.storage.WatchListener;
import dev.vkube.apiserver.storage.WatchOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * An informer over one resource of this server: the current objects, kept by a watch on the store,
 * readable without blocking (authenticators, authorizers and admission plugins read it on the event
 * loop). Listeners hear every change (type, object) on the storage thread and must not block.
 * Objects are shared and read-only.
 */
public final class ObjectCache implements AutoCloseable {
  private final GenericStore store;
  private final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
  private final List<BiConsumer<WatchEvent.Type, ObjectNode>> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean synced;
  private volatile WatchHandle handle;
  private volatile boolean closed;

  public ObjectCache(GenericStore store) {
    this.store = store;
  }

  public ObjectCache start() {
    handle = store.watch(null, new WatchOptions("", true, false, ListOptions.EVERYTHING), new WatchListener() {
      @Override
      public void onEvent(WatchEvent event) {
        if (event.type() == WatchEvent.Type.BOOKMARK) {
          synced |= event.initialEventsEnd();
          return;
        }
        ObjectNode object = event.object().object();
        String key = key(Meta.namespace(object), Meta.name(object));
        if (event.type() == WatchEvent.Type.DELETED) {
          objects.remove(key);
        } else {
          objects.put(key, object);
        }
        listeners.forEach(l -> l.accept(event.type(), object));
      }

      @Override
      public void onClose(StorageException error) {
        if (error != null && !closed) {
          synced = false;
          objects.clear();
          start();
        }
      }
    });
    return this;
  }

  /** Whether the initial state has been received (reads before that may miss objects). */
  public boolean synced() {
    return synced;
  }

  public ObjectNode get(String namespace, String name) {
    return objects.get(key(namespace, name));
  }

  /** Objects of one namespace, or of all when {@code namespace} is null. */
  public List<ObjectNode> list(String namespace) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode object : objects.values()) {
      if (namespace == null || namespace.equals(Meta.namespace(object))) {
        out.add(object);
      }
    }
    return out;
  }

  public void addListener(BiConsumer<WatchEvent.Type, ObjectNode> listener) {
    listeners.add(listener);
  }

  public GenericStore store() {
    return store;
  }

  private static String key(String namespace, String name) {
    return (namespace == null ? "" : namespace) + "/" + name;
  }

  @Override
  public void close() {
    closed = true;
    if (handle != null) {
      handle.close();
    }
  }
}
