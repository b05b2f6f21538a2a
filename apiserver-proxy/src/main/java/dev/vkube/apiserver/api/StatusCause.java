package dev.vkube.apiserver.api;

/** One cause of a failure (metav1.StatusCause): a reason such as FieldValueInvalid, a message, a field path. */
public record StatusCause(String reason, String message, String field) {

  public static StatusCause invalid(String field, Object value, String detail) {
    return new StatusCause("FieldValueInvalid", "Invalid value: " + quote(value) + ": " + detail, field);
  }

  public static StatusCause required(String field) {
    return new StatusCause("FieldValueRequired", "Required value", field);
  }

  public static StatusCause forbidden(String field, String detail) {
    return new StatusCause("FieldValueForbidden", "Forbidden: " + detail, field);
  }

  public static StatusCause unsupported(String field, Object value, String detail) {
    return new StatusCause("FieldValueNotSupported", "Unsupported value: " + quote(value) + ": " + detail, field);
  }

  /** The text kube-apiserver prints for this cause: "field: message". */
  public String describe() {
    return field == null || field.isEmpty() ? message : field + ": " + message;
  }

  private static String quote(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }
}
