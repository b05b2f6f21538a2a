package dev.vkube.bench.api;

/**
 * ConfigMap bodies of a chosen data size, written as strings: building them with a JSON library
 * would put client-side serialization into the throughput being measured.
 */
final class ConfigMaps {
  static final String SEQUENCE_ANNOTATION = "bench.vkube.dev/seq";
  static final String SENT_ANNOTATION = "bench.vkube.dev/sent-nanos";

  private ConfigMaps() {}

  static String path(String namespace) {
    return "/api/v1/namespaces/" + namespace + "/configmaps";
  }

  /** A ConfigMap whose single data value is {@code payload} (see {@link #filler}). */
  static String withData(String name, String payload) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
        + "\"},\"data\":{\"payload\":\"" + payload + "\"}}";
  }

  /** A ConfigMap carrying its sequence number and the System.nanoTime at which it was sent. */
  static String stamped(String name, long sequence, long sentNanos, String payload) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
        + "\",\"annotations\":{\"" + SEQUENCE_ANNOTATION + "\":\"" + sequence + "\",\"" + SENT_ANNOTATION
        + "\":\"" + sentNanos + "\"}},\"data\":{\"payload\":\"" + payload + "\"}}";
  }

  /** {@code bytes} ASCII letters: JSON-safe, so the stored value is exactly this size. */
  static String filler(int bytes) {
    StringBuilder text = new StringBuilder(bytes);
    for (int i = 0; i < bytes; i++) {
      text.append((char) ('a' + i % 26));
    }
    return text.toString();
  }
}
