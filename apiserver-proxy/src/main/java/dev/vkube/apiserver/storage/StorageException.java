package dev.vkube.apiserver.storage;

/** Storage's own failure; the registry translates it to a Kubernetes Status (one boundary). */
public final class StorageException extends RuntimeException {

  /** Failure codes, as k8s.io/apiserver storage/errors.go names them. */
  public enum Code {
    KEY_NOT_FOUND,
    KEY_EXISTS,
    /** A uid or resourceVersion precondition did not hold. */
    PRECONDITION_FAILED,
    /** The requested revision is compacted or older than the watch window (410). */
    EXPIRED,
    /** The requested revision is newer than the store has reached in time (504 upstream). */
    TOO_LARGE_RESOURCE_VERSION,
    /** The continue token cannot be decoded (400). */
    INVALID_CONTINUE,
    INVALID_OBJECT,
    UNREACHABLE
  }

  private final Code code;
  private final String key;

  public StorageException(Code code, String key, String message) {
    super(message);
    this.code = code;
    this.key = key;
  }

  public StorageException(Code code, String key, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.key = key;
  }

  public Code code() {
    return code;
  }

  public String key() {
    return key;
  }
}
