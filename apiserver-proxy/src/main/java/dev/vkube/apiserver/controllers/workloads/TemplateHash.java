package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pod-template-hash and controller-revision-hash values: FNV-32a over the template (with the
 * collision count appended) rendered as rand.SafeEncodeString of its decimal form (controller.ComputeHash).
 * The input is canonical JSON with sorted keys rather than Go's spew dump, so values differ from
 * upstream's but have the same form and stability.
 */
final class TemplateHash {
  private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

  private TemplateHash() {}

  static String of(JsonNode template, long collisionCount) {
    StringBuilder text = new StringBuilder();
    canonical(normalize(template), text);
    if (collisionCount > 0) {
      text.append(collisionCount);
    }
    return safeEncode(Integer.toUnsignedString(fnv32a(text.toString().getBytes(StandardCharsets.UTF_8))));
  }

  /**
   * The template as Go's typed round trip would leave it: null fields and empty objects and lists are
   * dropped, so that a template sent back by a client (kubectl rollout undo adds
   * {@code creationTimestamp: null}, {@code resources: {}}) compares and hashes as the one it came from.
   */
  static JsonNode normalize(JsonNode node) {
    if (node.isObject()) {
      com.fasterxml.jackson.databind.node.ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory
          .instance.objectNode();
      node.fields().forEachRemaining(e -> {
        JsonNode value = normalize(e.getValue());
        if (!value.isNull() && !(value.isContainerNode() && value.isEmpty())) {
          out.set(e.getKey(), value);
        }
      });
      return out;
    }
    if (node.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory
          .instance.arrayNode();
      node.forEach(v -> out.add(normalize(v)));
      return out;
    }
    return node;
  }

  static int fnv32a(byte[] data) {
    int hash = 0x811c9dc5;
    for (byte b : data) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return hash;
  }

  /** rand.SafeEncodeString: each character mapped into an alphabet without vowels or look-alikes. */
  static String safeEncode(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      out.append(ALPHANUMS.charAt(c % ALPHANUMS.length()));
    }
    return out.toString();
  }

  private static void canonical(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      node.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
      out.append('{');
      sorted.forEach((k, v) -> {
        out.append('"').append(k).append("\":");
        canonical(v, out);
        out.append(',');
      });
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      node.forEach(v -> {
        canonical(v, out);
        out.append(',');
      });
      out.append(']');
    } else {
      out.append(node.toString());
    }
  }
}
