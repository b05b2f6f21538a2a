package dev.vkube.bench.deploy;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds (utime + stime) of one process, per group of threads, from /proc/PID/task/TID/stat and
 * the thread names there (15 characters at most, as the kernel keeps them). The server names every
 * built-in controller's threads {@code ctl-<controller>...} so that their sum is the controller CPU;
 * the other groups say where the rest of the server's CPU went. A thread that has exited is no longer
 * listed, so the groups can sum to less than the process total, which counts everything.
 */
final class ThreadCpu {
  /** USER_HZ, the unit of utime and stime: 100 on every mainstream Linux build. */
  private static final double TICKS_PER_SECOND = 100;
  static final String CONTROLLERS = "controllers (ctl-*)";
  private final long pid;

  ThreadCpu(long pid) {
    this.pid = pid;
  }

  /** Seconds per group, plus "process total" for the whole process (exited threads included). */
  Map<String, Double> read() throws IOException {
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (String group : new String[] {CONTROLLERS, "API event loops (vert.x)", "watch caches / informers",
        "etcd client (jetcd, gRPC)", "GC", "JIT compilers", "other"}) {
      seconds.put(group, 0.0);
    }
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException exited) {
          continue;
        }
        seconds.merge(group(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))), cpu(stat), Double::sum);
      }
    }
    seconds.put("process total", cpu(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
    return seconds;
  }

  static Map<String, Double> since(Map<String, Double> end, Map<String, Double> start) {
    Map<String, Double> diff = new LinkedHashMap<>();
    end.forEach((group, s) -> diff.put(group, s - start.getOrDefault(group, 0.0)));
    return diff;
  }

  private static String group(String name) {
    if (name.startsWith("ctl-")) {
      return CONTROLLERS;
    } else if (name.startsWith("vert.x-eventloo")) {
      return "API event loops (vert.x)";
    } else if (name.startsWith("vkube-watch") || name.startsWith("vkube-object")) {
      return "watch caches / informers";
    } else if (name.startsWith("jetcd") || name.startsWith("grpc") || name.startsWith("vkube-etcd")) {
      return "etcd client (jetcd, gRPC)";
    } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
      return "GC";
    } else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
      return "JIT compilers";
    }
    return "other";
  }

  /** utime + stime: fields 14 and 15 overall, i.e. 12th and 13th after the parenthesised name. */
  private static double cpu(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }
}
