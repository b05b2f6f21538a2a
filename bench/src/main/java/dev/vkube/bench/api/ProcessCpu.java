package dev.vkube.bench.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds (user + system) that the server, etcd and this bench JVM spent in a step, from
 * /proc/PID/stat. On a shared machine wall-clock rates move with other people's load; CPU time per
 * operation moves far less, so it says what the server costs even when the run was crowded.
 */
public final class ProcessCpu {
  /** USER_HZ: the unit of utime and stime in /proc/PID/stat, 100 on every mainstream Linux build. */
  private static final double TICKS_PER_SECOND = 100;
  private final long serverPid;
  private final long etcdPid;
  private final long benchPid = ProcessHandle.current().pid();

  ProcessCpu(long serverPid, long etcdPid) {
    this.serverPid = serverPid;
    this.etcdPid = etcdPid;
  }

  /** A reading of the three counters; subtract two with {@link Reading#since}. */
  record Reading(double server, double etcd, double bench) {
    Reading since(Reading start) {
      return new Reading(server - start.server, etcd - start.etcd, bench - start.bench);
    }

    /** Milliseconds of CPU per operation for each process, for {@code operations} operations. */
    String perOperation(long operations, String unit) {
      return String.format("cpu per %s: server %.3f ms, etcd %.3f ms, bench client %.3f ms "
          + "(server %.1f s, etcd %.1f s, bench %.1f s in all)", unit, server * 1000 / operations,
          etcd * 1000 / operations, bench * 1000 / operations, server, etcd, bench);
    }
  }

  Reading read() {
    return new Reading(seconds(serverPid), seconds(etcdPid), seconds(benchPid));
  }

  /** CPU seconds (user + system) the process has used so far, NaN when it cannot be read. */
  public static double seconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Fields after the parenthesised command name; utime and stime are fields 14 and 15 overall.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
