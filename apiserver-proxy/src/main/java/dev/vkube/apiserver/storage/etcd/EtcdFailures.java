package dev.vkube.apiserver.storage.etcd;

import dev.vkube.apiserver.storage.StorageException;
import io.etcd.jetcd.common.exception.CompactedException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Recognizes jetcd failures; anything unrecognized from etcd becomes {@code UNREACHABLE}. */
public final class EtcdFailures {
  // etcd's rpctypes.ErrCompacted and ErrFutureRev; jetcd reports range errors by message only.
  private static final String COMPACTED = "required revision has been compacted";
  private static final String FUTURE_REVISION = "required revision is a future revision";

  private EtcdFailures() {}

  /** The failure inside CompletableFuture's wrappers. */
  public static Throwable unwrap(Throwable failure) {
    Throwable e = failure;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  public static boolean isCompacted(Throwable failure) {
    Throwable e = unwrap(failure);
    return e instanceof CompactedException || hasMessage(e, COMPACTED);
  }

  public static boolean isFutureRevision(Throwable failure) {
    return hasMessage(unwrap(failure), FUTURE_REVISION);
  }

  /**
   * Storage's own exception for a failure: a StorageException or a caller's exception passes through
   * unchanged; an etcd failure becomes {@code UNREACHABLE}.
   */
  public static Throwable translate(Throwable failure, String key) {
    Throwable e = unwrap(failure);
    if (e instanceof StorageException || !isEtcdFailure(e)) {
      return e;
    }
    return new StorageException(StorageException.Code.UNREACHABLE, key, "etcd request failed: " + e.getMessage(), e);
  }

  private static boolean isEtcdFailure(Throwable e) {
    String type = e.getClass().getName();
    return type.startsWith("io.etcd.") || type.startsWith("io.grpc.") || type.startsWith("io.vertx.");
  }

  private static boolean hasMessage(Throwable e, String text) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(text)) {
        return true;
      }
    }
    return false;
  }
}
