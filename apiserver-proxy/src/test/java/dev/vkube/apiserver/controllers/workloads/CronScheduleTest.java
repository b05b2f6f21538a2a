package dev.vkube.apiserver.controllers.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
  private static final ZoneId UTC = ZoneId.of("UTC");

  static ZonedDateTime at(String text) {
    return ZonedDateTime.parse(text);
  }

  static ZonedDateTime next(String schedule, String after) {
    return CronSchedule.parse(schedule).next(at(after));
  }

  @Test
  void everyMinuteFiresAtTheNextWholeMinute() {
    assertEquals(at("2024-03-01T10:16Z"), next("* * * * *", "2024-03-01T10:15:30Z"));
    assertEquals(at("2024-03-01T10:16Z"), next("* * * * *", "2024-03-01T10:15:00Z"));
  }

  @Test
  void rangesStepsAndListsCombine() {
    assertEquals(at("2024-03-01T10:20Z"), next("*/10 * * * *", "2024-03-01T10:15Z"));
    assertEquals(at("2024-03-01T12:05Z"), next("5 9-17/3 * * *", "2024-03-01T10:15Z"));
    assertEquals(at("2024-03-01T10:45Z"), next("15,45 * * * *", "2024-03-01T10:15Z"));
    assertEquals(at("2024-03-01T11:05Z"), next("5/20 * * * *", "2024-03-01T10:45Z"));
  }

  @Test
  void namesAndDescriptorsAreUnderstood() {
    assertEquals(at("2024-03-04T00:00Z"), next("0 0 * * MON", "2024-03-01T10:15Z")); // 2024-03-01 is a Friday
    assertEquals(at("2024-06-01T00:00Z"), next("0 0 1 jun *", "2024-03-01T10:15Z"));
    assertEquals(at("2024-03-01T11:00Z"), next("@hourly", "2024-03-01T10:15Z"));
    assertEquals(at("2024-03-02T00:00Z"), next("@daily", "2024-03-01T10:15Z"));
    assertEquals(at("2025-01-01T00:00Z"), next("@yearly", "2024-03-01T10:15Z"));
    assertEquals(at("2024-03-03T00:00Z"), next("@weekly", "2024-03-01T10:15Z"));
  }

  @Test
  void restrictedDayOfMonthAndWeekMatchEither() {
    // the 15th, or any Monday: Monday 2024-03-04 comes first
    assertEquals(at("2024-03-04T00:00Z"), next("0 0 15 * 1", "2024-03-01T10:15Z"));
    // a wildcard day of week means only the day of month counts
    assertEquals(at("2024-03-15T00:00Z"), next("0 0 15 * *", "2024-03-01T10:15Z"));
  }

  @Test
  void timeZonesAndDaylightSavingAreHonoured() {
    ZoneId ny = ZoneId.of("America/New_York");
    ZonedDateTime after = ZonedDateTime.of(2024, 3, 9, 12, 0, 0, 0, ny);
    ZonedDateTime nine = CronSchedule.parse("0 9 * * *").next(after);
    assertEquals(ZonedDateTime.of(2024, 3, 10, 9, 0, 0, 0, ny), nine);
    assertEquals(at("2024-03-10T13:00Z").toInstant(), nine.toInstant()); // EDT began that night
  }

  @Test
  void impossibleSchedulesNeverFireAndBadOnesAreRejected() {
    assertNull(next("0 0 30 2 *", "2024-03-01T10:15Z"));
    assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("* * * *"));
    assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("61 * * * *"));
    assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("@fortnightly"));
    assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("*/0 * * * *"));
  }

  @Test
  void completedIndexesRoundTripAsIntervals() {
    var set = CompletedIndexes.parse("0,2-4,7", 10);
    assertEquals(5, set.cardinality());
    assertEquals("0,2-4,7", CompletedIndexes.format(set));
    assertEquals("", CompletedIndexes.format(CompletedIndexes.parse("", 3)));
  }
}
