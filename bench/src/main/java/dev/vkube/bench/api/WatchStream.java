package dev.vkube.bench.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One watcher: receives the watch's newline-delimited JSON events line by line and records, per
 * benchmark object, the delay from its send time (an annotation) to this line's arrival. It reads
 * the two annotations by string search rather than parsing each event, so that a million deliveries
 * measure the server's fan-out and not this client's JSON parser.
 */
final class WatchStream {
  static final long SENTINEL = -1;
  private static final String SEQUENCE_KEY = "\"" + ConfigMaps.SEQUENCE_ANNOTATION + "\":\"";
  private static final String SENT_KEY = "\"" + ConfigMaps.SENT_ANNOTATION + "\":\"";
  private final long[] latencies;
  private final boolean[] seen;
  private final AtomicInteger received = new AtomicInteger();
  private volatile boolean sentinelSeen;
  private volatile int duplicates;
  private volatile int unexpected;
  private volatile String firstUnexpected;
  private volatile String ended;
  private volatile Runnable canceller;
  private volatile boolean cancelled;

  WatchStream(int objects) {
    this.latencies = new long[objects];
    this.seen = new boolean[objects];
  }

  /** How to end this watch from the client side (reset its stream). */
  void onCancel(Runnable canceller) {
    this.canceller = canceller;
  }

  /** One line of the watch's body (one event). */
  void line(String line) {
    long now = System.nanoTime();
    if (line.isBlank()) {
      return;
    }
    long sequence = field(line, SEQUENCE_KEY);
    if (!line.startsWith("{\"type\":\"ADDED\"") || sequence == Long.MIN_VALUE || sequence >= seen.length) {
      noteUnexpected(line);
    } else if (sequence == SENTINEL) {
      sentinelSeen = true;
    } else if (seen[(int) sequence]) {
      duplicates++;
    } else {
      seen[(int) sequence] = true;
      latencies[(int) sequence] = now - field(line, SENT_KEY);
      received.incrementAndGet();
    }
  }

  void failed(Throwable error) {
    if (!cancelled) {
      ended = "error: " + error;
    }
  }

  void completed() {
    if (!cancelled) {
      ended = "server ended the stream";
    }
  }

  /**
   * Called on every watcher before any is cancelled: the server answers a burst of stream resets
   * with a GOAWAY for the whole connection, which is then not a failure of the still-open ones.
   */
  void closing() {
    cancelled = true;
  }

  void cancel() {
    cancelled = true;
    Runnable current = canceller;
    if (current != null) {
      current.run();
    }
  }

  boolean sentinelSeen() {
    return sentinelSeen;
  }

  /** Objects received so far; reading it makes the recorded latencies before it visible. */
  int received() {
    return received.get();
  }

  /** Copies the latencies of the objects received into {@code into} from {@code offset}; returns the count. */
  int copyLatencies(long[] into, int offset) {
    int copied = 0;
    for (int i = 0; i < seen.length; i++) {
      if (seen[i]) {
        into[offset + copied++] = latencies[i];
      }
    }
    return copied;
  }

  /** The delivery delay of one object, or -1 when it was not received. */
  long latency(int object) {
    return seen[object] ? latencies[object] : -1;
  }

  /** Sequence numbers not received, for the report: a gap pattern tells a drop from a slow stream. */
  List<Integer> missing() {
    List<Integer> gaps = new ArrayList<>();
    for (int i = 0; i < seen.length; i++) {
      if (!seen[i]) {
        gaps.add(i);
      }
    }
    return gaps;
  }

  int duplicates() {
    return duplicates;
  }

  int unexpected() {
    return unexpected;
  }

  String firstUnexpected() {
    return firstUnexpected;
  }

  String ended() {
    return ended;
  }

  private void noteUnexpected(String line) {
    if (unexpected++ == 0) {
      firstUnexpected = line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
  }

  /** The decimal value that follows {@code key} in the line, or Long.MIN_VALUE when it is absent. */
  private static long field(String line, String key) {
    int at = line.indexOf(key);
    if (at < 0) {
      return Long.MIN_VALUE;
    }
    int start = at + key.length();
    int end = line.indexOf('"', start);
    try {
      return Long.parseLong(line, start, end, 10);
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return Long.MIN_VALUE;
    }
  }
}
