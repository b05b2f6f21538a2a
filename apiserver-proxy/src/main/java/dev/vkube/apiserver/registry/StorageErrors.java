package dev.vkube.apiserver.registry;

import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.storage.StorageException;
import java.util.concurrent.CompletionException;

/** The one translator of storage failures to API errors (k8s.io/apiserver storage/errors.go). */
public final class StorageErrors {
  private StorageErrors() {}

  public static RuntimeException interpret(Throwable failure, ResourceDefinition def, String name) {
    Throwable e = unwrap(failure);
    if (e instanceof ApiException api) {
      return api;
    }
    if (!(e instanceof StorageException se)) {
      return e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
    return switch (se.code()) {
      case KEY_NOT_FOUND -> ApiException.notFound(def.group(), def.resource(), name);
      case KEY_EXISTS -> ApiException.alreadyExists(def.group(), def.resource(), name);
      case PRECONDITION_FAILED -> ApiException.conflict(def.group(), def.resource(), name, se.getMessage());
      case EXPIRED -> ApiException.expired(se.getMessage());
      case TOO_LARGE_RESOURCE_VERSION -> ApiException.timeout(se.getMessage());
      case INVALID_CONTINUE -> ApiException.badRequest(se.getMessage());
      case INVALID_OBJECT, UNREACHABLE, CLAIM_TAKEN -> ApiException.internal(se.getMessage());
    };
  }

  public static Throwable unwrap(Throwable e) {
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
