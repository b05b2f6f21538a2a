package dev.vkube.apiserver.codec;

/**
 * A protobuf body names a kind that has no protobuf message, as Go's scheme answers "no kind is
 * registered". Custom resources always end here (they are never protobuf), so the server can answer
 * 415 Unsupported Media Type for this and 400 for other malformed bodies.
 */
public final class UnregisteredKindException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String apiVersion;
  private final String kind;

  public UnregisteredKindException(String apiVersion, String kind) {
    super("no kind \"" + kind + "\" is registered for version \"" + apiVersion + "\"");
    this.apiVersion = apiVersion;
    this.kind = kind;
  }

  public String apiVersion() {
    return apiVersion;
  }

  public String kind() {
    return kind;
  }
}
