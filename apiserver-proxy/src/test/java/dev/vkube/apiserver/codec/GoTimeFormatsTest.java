package dev.vkube.apiserver.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected strings are Go's own output (time.Duration.String, time.RFC3339). */
class GoTimeFormatsTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0s",
    "1, 1ns",
    "1100, 1.1µs",
    "2200000, 2.2ms",
    "1500000000, 1.5s",
    "90000000000, 1m30s",
    "3600000000000, 1h0m0s",
    "4000000001, 4.000000001s",
    "-2000000000, -2s",
    "-9223372036854775808, -2562047h47m16.854775808s",
    "9223372036854775807, 2562047h47m16.854775807s"
  })
  void durationIsGoDurationString(long nanos, String expected) {
    assertEquals(expected, GoTimeFormats.duration(nanos));
  }

  @Test
  void timesAreRfc3339InUtc() {
    assertEquals("2024-01-02T03:04:05Z", GoTimeFormats.time(1_704_164_645L));
    assertEquals("1970-01-01T00:00:00Z", GoTimeFormats.time(0));
    assertEquals("2024-01-02T03:04:05.000001Z", GoTimeFormats.microTime(1_704_164_645L, 1_999));
  }
}
