package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.registry.DeleteOptions;
import dev.vkube.apiserver.registry.GenericStore;
import dev.vkube.apiserver.registry.Informers;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.apiserver.registry.StorageErrors;
import dev.vkube.apiserver.registry.WriteContext;
import dev.vkube.apiserver.registry.WriteResult;
import dev.vkube.apiserver.storage.Preconditions;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

/**
 * The workload controllers' client of the server's own stores (same validation, defaults, admission
 * and managedFields as the API), blocking because reconciles run on their controller's worker
 * threads, never on an event loop. Reads come from the shared informer caches.
 */
final class WorkloadClient {
  private final Informers informers;
  private final WriteContext writer;

  WorkloadClient(Informers informers, String controllerName) {
    this.informers = informers;
    this.writer = WriteContext.controller(controllerName);
  }

  ObjectCache cache(Kind kind) {
    return informers.of(kind.group(), kind.version(), kind.resource());
  }

  private GenericStore store(Kind kind) {
    return informers.store(kind.group(), kind.version(), kind.resource());
  }

  ObjectNode create(Kind kind, String namespace, ObjectNode object) {
    return join(createAsync(kind, namespace, object));
  }

  /** A create whose answer is awaited later, so that a batch of them is in flight at once. */
  CompletionStage<ObjectNode> createAsync(Kind kind, String namespace, ObjectNode object) {
    return store(kind).create(namespace, object, writer).thenApply(WriteResult::object);
  }

  /** Waits for a stage from {@link #createAsync}, rethrowing the store's ApiException as it is. */
  static <T> T await(CompletionStage<T> stage) {
    return join(stage);
  }

  /** Rewrites the object from its current state; the store retries {@code change} on races. */
  ObjectNode update(Kind kind, String namespace, String name, UnaryOperator<ObjectNode> change) {
    return join(store(kind).update(namespace, name, null, current -> change.apply(current.deepCopy()), writer))
        .object();
  }

  /**
   * Writes the status computed from {@code read}; if the object changed since (a stale cache), the
   * write fails with 409 and the key is requeued, so a status is never computed from old facts.
   */
  ObjectNode updateStatus(Kind kind, ObjectNode read, ObjectNode status) {
    return join(store(kind).update(Meta.namespace(read), Meta.name(read), "status", current -> {
      ObjectNode next = current.deepCopy();
      Meta.metadata(next).put("resourceVersion", Meta.resourceVersion(read));
      next.set("status", status);
      return next;
    }, writer)).object();
  }

  /** Deletes the object if it still has {@code uid}; already gone is success. */
  void delete(Kind kind, String namespace, String name, String uid, String propagation) {
    try {
      join(store(kind).delete(namespace, name, new DeleteOptions(null, propagation, new Preconditions(uid, null),
          false), writer));
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
  }

  private static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().join();
    } catch (RuntimeException e) {
      throw StorageErrors.unwrap(e) instanceof RuntimeException re ? re : e;
    }
  }
}
