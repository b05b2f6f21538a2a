package dev.vkube.apiserver.auth.authn;

/** A credential was presented but is invalid (expired, bad signature...): the request is 401. */
public final class AuthenticationException extends RuntimeException {
  public AuthenticationException(String message) {
    super(message, null, false, false);
  }
}
