package dev.vkube.apiserver.controllers.workloads;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A standard 5-field cron schedule as CronJobs use it (robfig/cron ParseStandard): minute, hour,
 * day of month, month, day of week; lists, ranges, steps, month and weekday names, {@code ?}, and
 * the {@code @yearly}/{@code @monthly}/{@code @weekly}/{@code @daily}/{@code @hourly} descriptors.
 * When both day fields are restricted a day matching either runs, as in Vixie cron.
 */
record CronSchedule(long minutes, long hours, long daysOfMonth, long months, long daysOfWeek, boolean domStar,
    boolean dowStar) {
  private record Field(int min, int max, List<String> names) {}

  private static final Field MINUTE = new Field(0, 59, List.of());
  private static final Field HOUR = new Field(0, 23, List.of());
  private static final Field DOM = new Field(1, 31, List.of());
  private static final Field MONTH = new Field(1, 12, List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
      "sep", "oct", "nov", "dec"));
  private static final Field DOW = new Field(0, 6, List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat"));
  private static final Map<String, String> DESCRIPTORS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
      "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
      "@hourly", "0 * * * *");
  /** How far ahead a schedule is searched before it is taken never to fire (robfig: five years). */
  private static final int YEARS_AHEAD = 5;

  static CronSchedule parse(String text) {
    String spec = text.trim();
    if (spec.startsWith("@")) {
      spec = DESCRIPTORS.get(spec.toLowerCase(Locale.ROOT));
      if (spec == null) {
        throw new IllegalArgumentException("unrecognized descriptor: " + text);
      }
    }
    String[] f = spec.split("\\s+");
    if (f.length != 5) {
      throw new IllegalArgumentException("expected exactly 5 fields, found " + f.length + ": " + text);
    }
    return new CronSchedule(bits(f[0], MINUTE), bits(f[1], HOUR), bits(f[2], DOM), bits(f[3], MONTH),
        bits(f[4], DOW), starred(f[2]), starred(f[4]));
  }

  /** A day field that is a plain wildcard (a step over 1 makes it a restriction, as in robfig's getRange). */
  private static boolean starred(String field) {
    return field.matches("[*?](/1)?");
  }

  private static long bits(String field, Field range) {
    long bits = 0;
    for (String item : field.split(",")) {
      String[] rangeAndStep = item.split("/", -1);
      String[] lowHigh = rangeAndStep[0].split("-", -1);
      int start;
      int end;
      if (lowHigh[0].equals("*") || lowHigh[0].equals("?")) {
        start = range.min;
        end = range.max;
      } else {
        start = value(lowHigh[0], range);
        end = lowHigh.length > 1 ? value(lowHigh[1], range) : start;
      }
      int step = 1;
      if (rangeAndStep.length == 2) {
        step = Integer.parseInt(rangeAndStep[1]);
        if (lowHigh.length == 1 && !lowHigh[0].equals("*") && !lowHigh[0].equals("?")) {
          end = range.max;
        }
      }
      if (rangeAndStep.length > 2 || lowHigh.length > 2 || step <= 0 || start < range.min || end > range.max
          || start > end) {
        throw new IllegalArgumentException("invalid field item: " + item);
      }
      for (int v = start; v <= end; v += step) {
        bits |= 1L << v;
      }
    }
    return bits;
  }

  private static int value(String text, Field range) {
    int named = range.names.indexOf(text.toLowerCase(Locale.ROOT));
    if (named >= 0) {
      return named + range.min;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid value: " + text);
    }
  }

  /** The first activation strictly after {@code after}, in its zone; null when none within five years. */
  ZonedDateTime next(ZonedDateTime after) {
    ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    int limit = t.getYear() + YEARS_AHEAD;
    while (t.getYear() <= limit) {
      if ((months & 1L << t.getMonthValue()) == 0) {
        t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
      } else if (!dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
      } else if ((hours & 1L << t.getHour()) == 0) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if ((minutes & 1L << t.getMinute()) == 0) {
        t = t.plusMinutes(1);
      } else {
        return t;
      }
    }
    return null;
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean dom = (daysOfMonth & 1L << t.getDayOfMonth()) != 0;
    boolean dow = (daysOfWeek & 1L << (t.getDayOfWeek().getValue() % 7)) != 0;
    return domStar || dowStar ? dom && dow : dom || dow;
  }
}
