package dev.vkube.apiserver.patch;

/** A patch that cannot be applied (the server answers 422 or 400, as upstream does). */
public final class PatchException extends RuntimeException {
  public PatchException(String message) {
    super(message, null, false, false);
  }
}
