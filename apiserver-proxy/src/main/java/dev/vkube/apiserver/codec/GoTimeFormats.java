package dev.vkube.apiserver.codec;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The text forms Go gives times and durations in Kubernetes JSON.
 *
 * <p>{@code metav1.Time} is RFC 3339 in UTC with whole seconds, {@code metav1.MicroTime} the same
 * with six fractional digits (meta/v1 time.go and micro_time.go), and {@code metav1.Duration} is
 * Go's {@code time.Duration.String()} ("1h2m3.5s"), ported here digit for digit.
 */
final class GoTimeFormats {
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RFC3339_MICRO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);

  private static final long MICROSECOND = 1_000L;
  private static final long MILLISECOND = 1_000_000L;
  private static final long SECOND = 1_000_000_000L;

  private GoTimeFormats() {}

  /** metav1.Time: Go drops the nanoseconds on both protobuf and JSON decoding. */
  static String time(long seconds) {
    return RFC3339.format(Instant.ofEpochSecond(seconds));
  }

  /** metav1.MicroTime: nanoseconds truncated to microseconds, as its Unmarshal does. */
  static String microTime(long seconds, int nanos) {
    return RFC3339_MICRO.format(Instant.ofEpochSecond(seconds, nanos - nanos % MICROSECOND));
  }

  /** Go's {@code time.Duration(nanos).String()}. */
  static String duration(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    // Negating Long.MIN_VALUE leaves it unchanged; read as unsigned it is still the right size.
    long size = Math.abs(nanos);
    String text = Long.compareUnsigned(size, SECOND) < 0 ? belowSecond(size) : fromSeconds(size);
    return nanos < 0 ? "-" + text : text;
  }

  private static String belowSecond(long nanos) {
    if (nanos < MICROSECOND) {
      return nanos + "ns";
    } else if (nanos < MILLISECOND) {
      return nanos / MICROSECOND + fraction(nanos % MICROSECOND, 3) + "µs";
    }
    return nanos / MILLISECOND + fraction(nanos % MILLISECOND, 6) + "ms";
  }

  private static String fromSeconds(long nanos) {
    long totalSeconds = Long.divideUnsigned(nanos, SECOND);
    String seconds = totalSeconds % 60 + fraction(Long.remainderUnsigned(nanos, SECOND), 9) + "s";
    long totalMinutes = totalSeconds / 60;
    if (totalMinutes == 0) {
      return seconds;
    }
    String minutes = totalMinutes % 60 + "m" + seconds;
    long hours = totalMinutes / 60;
    return hours == 0 ? minutes : hours + "h" + minutes;
  }

  /** {@code .digits} of {@code value / 10^digits} without trailing zeros; empty when zero. */
  private static String fraction(long value, int digits) {
    if (value == 0) {
      return "";
    }
    String padded = String.format("%0" + digits + "d", value);
    int end = padded.length();
    while (padded.charAt(end - 1) == '0') {
      end--;
    }
    return "." + padded.substring(0, end);
  }
}
