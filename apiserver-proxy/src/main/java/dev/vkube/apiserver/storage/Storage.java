package dev.vkube.apiserver.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletionStage;

/**
 * The narrow storage port of the API server, modelled on k8s.io/apiserver storage.Interface.
 *
 * <p>Keys are full etcd keys ({@code <prefix>/configmaps/ns/name}); objects are JSON trees. Every
 * returned object has {@code metadata.resourceVersion} set to the etcd mod revision (stored bytes never
 * hold it). Returned trees are shared and must be treated as read-only: callers deep-copy before they
 * mutate. Failures complete the stage with {@link StorageException}; any other exception thrown by a
 * caller's function (update, delete validation) passes through unchanged.
 */
public interface Storage {

  /** Creates the key; fails with {@code KEY_EXISTS} if it is present. */
  default CompletionStage<StoredObject> create(String key, ObjectNode object) {
    return create(key, object, Claims.NONE);
  }

  /**
   * Creates the key and, in the same transaction, the keys {@code claims} says the object holds; fails
   * with {@code KEY_EXISTS} if the key is present, else with {@code CLAIM_TAKEN} (naming the claim key)
   * if a claim key is.
   */
  CompletionStage<StoredObject> create(String key, ObjectNode object, Claims claims);

  /** A consistent read of one key; fails with {@code KEY_NOT_FOUND}. */
  CompletionStage<StoredObject> get(String key);

  /** Lists the keys under a prefix (which ends with '/'), with kube-apiserver's RV semantics. */
  CompletionStage<ListResult> list(String prefix, ListOptions options);

  /**
   * Reads, applies {@code update}, writes with a compare on the mod revision and retries on a race,
   * like GuaranteedUpdate. Returning an object equal to the current one writes nothing and returns the
   * current object (resourceVersion unchanged). With {@code ignoreNotFound} an absent key calls {@code
   * update} with {@code null} and the result is created; otherwise an absent key fails with {@code
   * KEY_NOT_FOUND}.
   */
  default CompletionStage<StoredObject> guaranteedUpdate(
      String key, Preconditions preconditions, boolean ignoreNotFound, UpdateFunction update) {
    return guaranteedUpdate(key, preconditions, ignoreNotFound, update, Claims.NONE);
  }

  /**
   * {@link #guaranteedUpdate(String, Preconditions, boolean, UpdateFunction)} that also takes the claim
   * keys the new object holds and the old did not, and deletes those only the old held, in the same
   * transaction. A claim held by another object fails the write with {@code CLAIM_TAKEN} (not retried:
   * the caller chooses another value).
   */
  CompletionStage<StoredObject> guaranteedUpdate(
      String key, Preconditions preconditions, boolean ignoreNotFound, UpdateFunction update, Claims claims);

  /**
   * Deletes the key after checking preconditions and {@code validation} against the current object
   * (retried on a race); completes with the last stored state, its resourceVersion set to the deletion
   * revision (as etcd3 store.conditionalDelete and the DELETED watch event).
   */
  default CompletionStage<StoredObject> delete(String key, Preconditions preconditions,
      DeleteValidation validation) {
    return delete(key, preconditions, validation, Claims.NONE);
  }

  /** {@link #delete(String, Preconditions, DeleteValidation)} that releases the object's claims with it. */
  CompletionStage<StoredObject> delete(String key, Preconditions preconditions, DeleteValidation validation,
      Claims claims);

  /**
   * Watches the keys under a prefix. Events go to {@code listener} on a storage thread, in revision
   * order; the listener must not block. A stream that storage ends (an error, or storage closing) ends
   * with {@link WatchListener#onClose}; closing the returned handle does not call it.
   */
  WatchHandle watch(String prefix, WatchOptions options, WatchListener listener);

  /** The current revision of the store (a consistent read of etcd's header revision). */
  CompletionStage<Long> currentRevision();
}
