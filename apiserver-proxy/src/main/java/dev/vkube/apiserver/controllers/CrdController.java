package dev.vkube.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.registry.DeleteOptions;
import dev.vkube.apiserver.registry.GenericStore;
import dev.vkube.apiserver.registry.ResourceDefinition;
import dev.vkube.apiserver.registry.ResourceRegistry;
import dev.vkube.apiserver.registry.WriteContext;
import dev.vkube.apiserver.registry.crd.CrdStrategy;
import dev.vkube.apiserver.registry.crd.CustomResourceDefinitions;
import dev.vkube.apiserver.storage.ListOptions;
import dev.vkube.apiserver.storage.Preconditions;
import dev.vkube.apiserver.storage.StorageException;
import dev.vkube.apiserver.storage.StoredObject;
import dev.vkube.apiserver.storage.WatchEvent;
import dev.vkube.apiserver.storage.WatchHandle;
import dev.vkube.apiserver.storage.WatchListener;
import dev.vkube.apiserver.storage.WatchOptions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Serves custom resources (apiextensions-apiserver's establishing, naming and finalizer controllers):
 * an accepted CRD's versions are registered (discovery, list/watch, OpenAPI follow the registry), its
 * status gets NamesAccepted and Established; a deleted CRD's objects are deleted, then its finalizer
 * is removed.
 */
public final class CrdController implements AutoCloseable {
  private static final long RETRY_MILLIS = 500;
  private static final WriteContext CONTROLLER = WriteContext.controller("apiextensions-controller");
  private final GenericStore crds;
  private final ResourceRegistry registry;
  private final Function<ResourceDefinition, GenericStore> stores;
  private final Listener listener;
  private final Clock clock;
  private final Map<String, List<ResourceDefinition>> served = new ConcurrentHashMap<>();
  private final KeyedWorker worker;
  private volatile WatchHandle handle;

  public CrdController(GenericStore crds, ResourceRegistry registry, Function<ResourceDefinition, GenericStore> stores,
      Listener listener, Clock clock) {
    this.crds = crds;
    this.registry = registry;
    this.stores = stores;
    this.listener = listener;
    this.clock = clock;
    this.worker = new KeyedWorker("crd-controller", this::reconcile, RETRY_MILLIS);
  }

  /** Told when custom resources start or stop being served (caches, OpenAPI schemas follow). */
  public interface Listener {
    void served(ObjectNode crd, List<ResourceDefinition> definitions);

    void unserved(List<ResourceDefinition> definitions);
  }

  public void start() {
    handle = crds.watch(null, new WatchOptions("", false, false, ListOptions.EVERYTHING), new WatchListener() {
      @Override
      public void onEvent(WatchEvent event) {
        if (event.object() != null) {
          worker.add(Meta.name(event.object().object()));
        }
      }

      @Override
      public void onClose(StorageException error) {
        if (error != null) {
          worker.schedule(CrdController.this::start, RETRY_MILLIS);
        }
      }
    });
  }

  /** Level-based: reads the CRD and makes registry and status agree with it. */
  private boolean reconcile(String name) {
    StoredObject stored;
    try {
      stored = crds.get(null, name).toCompletableFuture().join();
    } catch (CompletionException e) {
      unserve(name);
      return true;
    }
    ObjectNode crd = stored.object();
    if (Meta.deleting(crd)) {
      return cleanUp(name, crd);
    }
    // Served first, then Established: a client that waited for Established finds the resource served.
    serve(name, crd);
    writeStatus(name, crd);
    return true;
  }

  private void serve(String name, ObjectNode crd) {
    List<ResourceDefinition> definitions = CustomResourceDefinitions.served(crd, clock);
    List<ResourceDefinition> previous = served.put(name, definitions);
    if (previous != null) {
      previous.stream().filter(p -> definitions.stream().noneMatch(d -> d.version().equals(p.version())))
          .forEach(registry::unregister);
    }
    definitions.forEach(registry::register);
    listener.served(crd, definitions);
  }

  private void unserve(String name) {
    List<ResourceDefinition> previous = served.remove(name);
    if (previous != null) {
      previous.forEach(registry::unregister);
      listener.unserved(previous);
    }
  }

  private void writeStatus(String name, ObjectNode crd) {
    ObjectNode status = desiredStatus(crd);
    if (status.equals(crd.path("status"))) {
      return;
    }
    crds.update(null, name, "status", current -> {
      ObjectNode next = current.deepCopy();
      next.set("status", desiredStatus(current));
      return next;
    }, CONTROLLER).toCompletableFuture().join();
  }

  /** acceptedNames, NamesAccepted, Established and storedVersions, keeping transition times that hold. */
  private ObjectNode desiredStatus(ObjectNode crd) {
    ObjectNode status = crd.path("status").isObject() ? ((ObjectNode) crd.path("status")).deepCopy()
        : crd.objectNode();
    status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
    ArrayNode conditions = crd.arrayNode();
    conditions.add(condition(crd, "NamesAccepted", "True", "NoConflicts", "no conflicts found"));
    conditions.add(condition(crd, "Established", "True", "InitialNamesAccepted",
        "the initial names have been accepted"));
    status.set("conditions", conditions);
    ArrayNode stored = status.path("storedVersions").isArray() ? (ArrayNode) status.get("storedVersions")
        : status.putArray("storedVersions");
    String storage = CustomResourceDefinitions.storageVersion(crd);
    boolean present = false;
    for (JsonNode v : stored) {
      present |= v.asText().equals(storage);
    }
    if (!present && storage != null) {
      stored.add(storage);
    }
    status.set("storedVersions", stored);
    return status;
  }

  private ObjectNode condition(ObjectNode crd, String type, String value, String reason, String message) {
    ObjectNode condition = crd.objectNode();
    condition.put("type", type).put("status", value);
    String since = Meta.timestamp(clock.instant());
    for (JsonNode existing : crd.path("status").path("conditions")) {
      if (existing.path("type").asText().equals(type) && existing.path("status").asText().equals(value)) {
        since = existing.path("lastTransitionTime").asText(since);
      }
    }
    condition.put("lastTransitionTime", since).put("reason", reason).put("message", message);
    return condition;
  }

  /** Deletes every custom object, then lets the CRD go (the customresourcecleanup finalizer). */
  private boolean cleanUp(String name, ObjectNode crd) {
    List<ResourceDefinition> definitions = CustomResourceDefinitions.served(crd, clock);
    if (!definitions.isEmpty()) {
      GenericStore objects = stores.apply(definitions.get(0));
      DeleteOptions now = new DeleteOptions(0L, null, Preconditions.NONE, false);
      objects.deleteCollection(null, ListOptions.ALL, now, CONTROLLER).toCompletableFuture().join();
      if (!objects.list(null, ListOptions.ALL).toCompletableFuture().join().items().isEmpty()) {
        return false;
      }
    }
    unserve(name);
    crds.update(null, name, null, current -> {
      ObjectNode next = current.deepCopy();
      ArrayNode kept = next.arrayNode();
      next.path("metadata").path("finalizers").forEach(f -> {
        if (!f.asText().equals(CrdStrategy.CLEANUP_FINALIZER)) {
          kept.add(f);
        }
      });
      ((ObjectNode) next.get("metadata")).set("finalizers", kept);
      return next;
    }, CONTROLLER).toCompletableFuture().join();
    return true;
  }

  @Override
  public void close() {
    if (handle != null) {
      handle.close();
    }
    worker.close();
  }
}
