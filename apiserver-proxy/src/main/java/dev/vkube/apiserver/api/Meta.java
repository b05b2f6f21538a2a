package dev.vkube.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** Accessors for ObjectMeta on JSON trees. */
public final class Meta {
  private Meta() {}

  public static ObjectNode metadata(ObjectNode object) {
    return object.with("metadata");
  }

  public static String text(JsonNode object, String field) {
    JsonNode value = object.path("metadata").path(field);
    return value.isTextual() ? value.asText() : null;
  }

  public static String name(JsonNode object) {
    return text(object, "name");
  }

  public static String namespace(JsonNode object) {
    return text(object, "namespace");
  }

  public static String uid(JsonNode object) {
    return text(object, "uid");
  }

  public static String resourceVersion(JsonNode object) {
    return text(object, "resourceVersion");
  }

  public static boolean deleting(JsonNode object) {
    return object.path("metadata").hasNonNull("deletionTimestamp");
  }

  public static boolean hasFinalizers(JsonNode object) {
    return object.path("metadata").path("finalizers").size() > 0;
  }

  /** RFC 3339 with seconds, as metav1.Time marshals. */
  public static String timestamp(Instant instant) {
    long second = instant.getEpochSecond();
    Stamp last = lastStamp;
    if (last.second() == second) {
      return last.text();
    }
    String text = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(second));
    lastStamp = new Stamp(second, text);
    return text;
  }

  /**
   * The last formatted second: every write stamps creation or managed-fields times at one-second
   * precision, so most calls in a burst format the same second (formatting was ~1% of a create).
   */
  private record Stamp(long second, String text) {}

  private static volatile Stamp lastStamp = new Stamp(Long.MIN_VALUE, "");
}
