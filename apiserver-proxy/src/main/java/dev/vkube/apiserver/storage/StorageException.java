package dev.vkube.apiserver.storage;

/** Storage's own failure; the registry translates it to a Kubernetes Status (one boundary). */
public final class StorageException extends RuntimeException {

  /** Failure codes, as k8s.io/apiserver storage/errors.go names them. */
  public enum Code {
    KEY_NOT_FOUND,
    KEY_EXISTS,
    /** A key the write claims (see {@link Claims}) is held by another object; {@link #key()} names it. */
    CLAIM_TAKEN,
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
  private final String continueToken;

  public StorageException(Code code, String key, String message) {
    this(code, key, message, null, null);
  }

  public StorageException(Code code, String key, String message, Throwable cause) {
    this(code, key, message, cause, null);
  }

  /**
   * With {@code continueToken}: the token a client may use to go on listing after an EXPIRED continue
   * (upstream puts it in the 410 Status's {@code metadata.continue}).
   */
  public StorageException(Code code, String key, String message, Throwable cause, String continueToken) {
    super(message, cause);
    this.code = code;
    this.key = key;
    this.continueToken = continueToken;
  }

  public Code code() {
    return code;
  }

  public String key() {
    return key;
  }

  /** For EXPIRED list continuations: a token that continues at the latest revision, else null. */
  public String continueToken() {
    return continueToken;
  }
}
