package dev.vkube.apiserver.controllers.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.registry.DeleteOptions;
import dev.vkube.apiserver.registry.GenericStore;
import dev.vkube.apiserver.registry.Informers;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.apiserver.registry.WriteContext;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;

/**
 * How a controller writes: through the server's own stores and their whole write path (admission,
 * validation, finalizers), as a client of the API would, blocking on the controller's worker thread
 * (never on an event loop). Not-found answers are values, other failures are ApiExceptions.
 */
public final class StoreClient {
  private final Informers informers;
  private final WriteContext writer;

  public StoreClient(Informers informers, String controllerName) {
    this.informers = informers;
    this.writer = WriteContext.controller(controllerName);
  }

  public GenericStore store(Gvr gvr) {
    return informers.store(gvr.group(), gvr.version(), gvr.resource());
  }

  public ObjectCache cache(Gvr gvr) {
    return informers.of(gvr.group(), gvr.version(), gvr.resource());
  }

  public Optional<ObjectNode> get(GenericStore store, String namespace, String name) {
    try {
      return Optional.of(join(store.get(namespace, name)).object());
    } catch (ApiException e) {
      if (e.code() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Creates the object; an existing one with that name is not an error (returns empty). */
  public Optional<ObjectNode> create(Gvr gvr, String namespace, ObjectNode object) {
    try {
      return Optional.of(join(store(gvr).create(namespace, object, writer)).object());
    } catch (ApiException e) {
      if (e.code() == 409 && "AlreadyExists".equals(e.reason())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Rewrites the object (or its status for subresource "status"); empty when it is gone. */
  public Optional<ObjectNode> update(GenericStore store, String namespace, String name, String subresource,
      UnaryOperator<ObjectNode> change) {
    try {
      return Optional.of(join(store.update(namespace, name, subresource, current -> change.apply(current
          .deepCopy()), writer)).object());
    } catch (ApiException e) {
      if (e.code() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  public Optional<ObjectNode> update(Gvr gvr, String namespace, String name, UnaryOperator<ObjectNode> change) {
    return update(store(gvr), namespace, name, "", change);
  }

  public Optional<ObjectNode> updateStatus(Gvr gvr, String namespace, String name, UnaryOperator<ObjectNode> change) {
    return update(store(gvr), namespace, name, "status", change);
  }

  /** Deletes; false when the object was already gone (or its precondition no longer holds). */
  public boolean delete(GenericStore store, String namespace, String name, DeleteOptions options) {
    try {
      join(store.delete(namespace, name, options, writer));
      return true;
    } catch (ApiException e) {
      if (e.code() == 404 || e.code() == 409) {
        return false;
      }
      throw e;
    }
  }

  public boolean delete(Gvr gvr, String namespace, String name, DeleteOptions options) {
    return delete(store(gvr), namespace, name, options);
  }

  public WriteContext writer() {
    return writer;
  }

  /** Waits for a store stage, rethrowing its ApiException as it is. */
  public static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted");
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  /** The failure inside a completion wrapper, as thrown by the store. */
  public static RuntimeException unwrap(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
  }
}
