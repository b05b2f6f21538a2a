package dev.vkube.apiserver.admission;

/**
 * An admission plugin (admission.Interface): {@link #admit} may mutate the object, {@link #validate}
 * may only refuse; both refuse by throwing an ApiException (usually 403 Forbidden or 422). Plugins run
 * inside the write path, possibly on storage threads: they must not block (use caches).
 */
public interface AdmissionPlugin {
  String name();

  default boolean handles(AdmissionRequest request) {
    return true;
  }

  default void admit(AdmissionRequest request) {}

  default void validate(AdmissionRequest request) {}
}
