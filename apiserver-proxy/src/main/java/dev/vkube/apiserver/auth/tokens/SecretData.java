package dev.vkube.apiserver.auth.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads values of a Secret as stored: `data` is base64. A `stringData` value wins over `data`, as the
 * API merges it into `data` on write (in case a writer stored it unmerged).
 */
public final class SecretData {
  private SecretData() {}

  /** The decoded bytes of {@code key}, or null when absent or not valid base64. */
  public static byte[] bytes(JsonNode secret, String key) {
    JsonNode plain = secret.path("stringData").get(key);
    if (plain != null && plain.isTextual()) {
      return plain.asText().getBytes(StandardCharsets.UTF_8);
    }
    JsonNode encoded = secret.path("data").get(key);
    if (encoded == null || !encoded.isTextual()) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(encoded.asText());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** {@code key} as a UTF-8 string, "" when absent (bootstrapsecretutil.GetData). */
  public static String text(JsonNode secret, String key) {
    byte[] value = bytes(secret, key);
    return value == null ? "" : new String(value, StandardCharsets.UTF_8);
  }

  public static boolean hasData(JsonNode secret) {
    return secret.path("data").size() > 0 || secret.path("stringData").size() > 0;
  }

  public static String type(JsonNode secret) {
    return secret.path("type").asText("");
  }

  public static String annotation(JsonNode object, String key) {
    return object.path("metadata").path("annotations").path(key).asText("");
  }

  public static String label(JsonNode object, String key) {
    return object.path("metadata").path("labels").path(key).asText("");
  }
}
