package dev.vkube.bench.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** VmHWM of /proc/PID/status: the process's peak resident set since it started, kept by the kernel. */
final class PeakMemory {
  private PeakMemory() {}

  static double peakMebibytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
