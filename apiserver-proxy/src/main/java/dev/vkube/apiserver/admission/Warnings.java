package dev.vkube.apiserver.admission;

import java.util.ArrayList;
import java.util.List;

/**
 * The warnings one request collects for its response (k8s.io/apiserver pkg/warning): plugins add
 * texts, the HTTP layer sends each as a {@code Warning: 299 - "text"} header. Duplicates are dropped,
 * as upstream's recorder does. Thread-safe: admission may run on storage threads.
 */
public final class Warnings {
  /** A sink for writes nobody answers to (the server's own controllers). */
  public static final Warnings DISCARD = new Warnings(true);

  private final List<String> texts = new ArrayList<>();
  private final boolean discard;

  public Warnings() {
    this(false);
  }

  private Warnings(boolean discard) {
    this.discard = discard;
  }

  public synchronized void add(String text) {
    if (!discard && !texts.contains(text)) {
      texts.add(text);
    }
  }

  public synchronized List<String> texts() {
    return List.copyOf(texts);
  }

  /** The header values, in order: {@code 299 - "<text with \ and " escaped>"} (RFC 7234 §5.5). */
  public List<String> headers() {
    return texts().stream().map(Warnings::header).toList();
  }

  public static String header(String text) {
    return "299 - \"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
