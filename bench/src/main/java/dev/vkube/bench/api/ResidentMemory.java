package dev.vkube.bench.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads VmRSS of a process from /proc/PID/status: the memory it actually holds, which is what a
 * node's memory pressure sees (heap -Xmx or VmSize would overstate a JVM's footprint).
 */
final class ResidentMemory {
  private ResidentMemory() {}

  /** Resident set in MiB, or -1 when the process is gone or /proc is unavailable. */
  static double mebibytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
