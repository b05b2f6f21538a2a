package dev.vkube.apiserver.api;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The only failure that reaches HTTP: a Kubernetes {@code Status} (reason, code, message, details).
 * Factories follow apimachinery's errors.New* names and message texts, since kubectl prints them.
 */
public final class ApiException extends RuntimeException {
  private final int code;
  private final String reason;
  private final String group;
  private final String kind;
  private final String name;
  private final List<StatusCause> causes;
  private final Integer retryAfterSeconds;

  public ApiException(int code, String reason, String message, String group, String kind, String name,
      List<StatusCause> causes, Integer retryAfterSeconds) {
    super(message, null, false, false);
    this.code = code;
    this.reason = reason;
    this.group = group;
    this.kind = kind;
    this.name = name;
    this.causes = causes == null ? List.of() : List.copyOf(causes);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  private static ApiException simple(int code, String reason, String message) {
    return new ApiException(code, reason, message, null, null, null, null, null);
  }

  public static ApiException notFound(String group, String resource, String name) {
    return new ApiException(404, "NotFound", qualified(group, resource) + " \"" + name + "\" not found",
        group, resource, name, null, null);
  }

  public static ApiException alreadyExists(String group, String resource, String name) {
    return new ApiException(409, "AlreadyExists", qualified(group, resource) + " \"" + name + "\" already exists",
        group, resource, name, null, null);
  }

  /** 409 Conflict as errors.NewConflict words it. */
  public static ApiException conflict(String group, String resource, String name, String detail) {
    return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + qualified(group, resource)
        + " \"" + name + "\": " + detail, group, resource, name, null, null);
  }

  /** 422 Invalid: `Kind "name" is invalid: field: message, ...` (errors.NewInvalid). */
  public static ApiException invalid(String group, String kind, String name, List<StatusCause> causes) {
    String list = causes.stream().map(StatusCause::describe).collect(Collectors.joining(", "));
    String shown = causes.size() > 1 ? "[" + list + "]" : list;
    String qualifiedKind = group == null || group.isEmpty() ? kind : kind + "." + group;
    return new ApiException(422, "Invalid", qualifiedKind + " \"" + name + "\" is invalid: " + shown,
        group, kind, name, causes, null);
  }

  public static ApiException badRequest(String message) {
    return simple(400, "BadRequest", message);
  }

  public static ApiException unauthorized() {
    return simple(401, "Unauthorized", "Unauthorized");
  }

  public static ApiException forbidden(String message) {
    return simple(403, "Forbidden", message);
  }

  public static ApiException methodNotAllowed(String message) {
    return simple(405, "MethodNotAllowed", message);
  }

  public static ApiException notAcceptable(String message) {
    return simple(406, "NotAcceptable", message);
  }

  public static ApiException gone(String message) {
    return simple(410, "Gone", message);
  }

  public static ApiException expired(String message) {
    return simple(410, "Expired", message);
  }

  public static ApiException tooLarge(String message) {
    return simple(413, "RequestEntityTooLarge", message);
  }

  public static ApiException unsupportedMediaType(String contentType) {
    return simple(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media "
        + "types include: application/json, application/yaml, application/vnd.kubernetes.protobuf"
        + (contentType == null ? "" : ""));
  }

  public static ApiException timeout(String message) {
    return new ApiException(504, "Timeout", message, null, null, null, null, 1);
  }

  public static ApiException internal(String message) {
    return simple(500, "InternalError", "Internal error occurred: " + message);
  }

  public static ApiException unavailable(String message) {
    return simple(503, "ServiceUnavailable", message);
  }

  public static ApiException pathNotFound() {
    return simple(404, "NotFound", "the server could not find the requested resource");
  }

  private static String qualified(String group, String resource) {
    return group == null || group.isEmpty() ? resource : resource + "." + group.toLowerCase(Locale.ROOT);
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  public String group() {
    return group;
  }

  public String kind() {
    return kind;
  }

  public String name() {
    return name;
  }

  public List<StatusCause> causes() {
    return causes;
  }

  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
