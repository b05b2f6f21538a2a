package dev.vkube.e2e.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The output of one simulated container: a few lines when it starts, then one more every
 * {@code interval}, each with the instant it was written (so tailLines, sinceSeconds and
 * timestamps select and print what a container runtime's log file would hold).
 */
final class ContainerLog {
  static final int INITIAL_LINES = 5;
  private static final DateTimeFormatter NANOS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn")
      .withZone(ZoneOffset.UTC);

  private final String pod;
  private final String container;
  private final Instant started;
  private final Duration interval;
  private final Clock clock;

  ContainerLog(String pod, String container, Instant started, Duration interval, Clock clock) {
    this.pod = pod;
    this.container = container;
    this.started = started;
    this.interval = interval;
    this.clock = clock;
  }

  /** How many lines exist now. */
  int written() {
    long ticks = Duration.between(started, clock.instant()).toNanos() / interval.toNanos();
    return INITIAL_LINES + (int) Math.max(0, ticks);
  }

  Instant time(int line) {
    return line < INITIAL_LINES ? started : started.plus(interval.multipliedBy(line - INITIAL_LINES + 1));
  }

  String text(int line) {
    return "line " + (line + 1) + " from " + container + " in " + pod;
  }

  /** The line as the kubelet serves it: optionally prefixed by its RFC 3339 (nanosecond) time. */
  String render(int line, boolean timestamps) {
    return (timestamps ? rfc3339Nano(time(line)) + " " : "") + text(line) + "\n";
  }

  /** The first line to serve for tailLines and sinceSeconds (both may be absent). */
  int first(Long tailLines, Long sinceSeconds) {
    int end = written();
    int first = tailLines == null ? 0 : (int) Math.max(0, end - tailLines);
    if (sinceSeconds != null) {
      Instant since = clock.instant().minusSeconds(sinceSeconds);
      while (first < end && time(first).isBefore(since)) {
        first++;
      }
    }
    return first;
  }

  List<String> lines(int from, int to, boolean timestamps) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(render(i, timestamps));
    }
    return out;
  }

  /** Go's time.RFC3339Nano: trailing zeros of the fraction dropped. */
  static String rfc3339Nano(Instant t) {
    String s = NANOS.format(t).replaceAll("0+$", "");
    return (s.endsWith(".") ? s.substring(0, s.length() - 1) : s) + "Z";
  }
}
