package dev.vkube.apiserver.storage.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.storage.Json;
import dev.vkube.apiserver.storage.StorageException;
import java.io.IOException;
import java.util.Base64;

/**
 * The opaque list continuation, encoded as upstream does (apiserver storage/continue.go): base64url of
 * {@code {"v":"meta.k8s.io/v1","rv":REVISION,"start":"KEY-AFTER-PREFIX"}}. {@code rv} is the revision
 * of the first page; -1 means "the latest" (handed out after the first page's revision was compacted).
 *
 * @param key the full etcd key to continue from
 * @param revision the revision to read at; 0 or less = the latest
 */
public record ContinueToken(String key, long revision) {
  private static final String VERSION = "meta.k8s.io/v1";

  public static String encode(String prefix, String nextKey, long revision) {
    ObjectNode token = Json.MAPPER.createObjectNode();
    token.put("v", VERSION);
    token.put("rv", revision);
    token.put("start", nextKey.substring(prefix.length()));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(token));
  }

  /** Decodes a client's token for a list of {@code prefix}; fails with {@code INVALID_CONTINUE}. */
  public static ContinueToken decode(String token, String prefix) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(stripPadding(token)));
    } catch (IllegalArgumentException | IOException e) {
      throw invalid("continue key is not valid: " + e.getMessage());
    }
    if (node == null || !VERSION.equals(node.path("v").asText())) {
      throw invalid("continue key is not valid: server does not recognize this encoded key");
    }
    long revision = node.path("rv").asLong(0);
    String start = node.path("start").asText("");
    if (revision == 0) {
      throw invalid("continue key is not valid: incorrect encoded start resourceVersion (version " + VERSION + ")");
    }
    if (start.isEmpty()) {
      throw invalid("continue key is not valid: encoded start key empty");
    }
    if (!isClean(start)) {
      throw invalid("continue key is not valid: " + start);
    }
    return new ContinueToken(prefix + start, revision);
  }

  private static String stripPadding(String token) {
    String trimmed = token.trim();
    return trimmed.endsWith("=") ? trimmed.replaceAll("=+$", "") : trimmed;
  }

  private static StorageException invalid(String message) {
    return new StorageException(StorageException.Code.INVALID_CONTINUE, null, message);
  }

  /** Upstream refuses a start key that path.Clean would change, so a token cannot climb out of the prefix. */
  private static boolean isClean(String start) {
    for (String segment : start.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
