package dev.vkube.apiserver.storage;

/** Checks the current object before it is deleted; throws to refuse. */
@FunctionalInterface
public interface DeleteValidation {
  DeleteValidation NONE = current -> {};

  void check(StoredObject current);
}
