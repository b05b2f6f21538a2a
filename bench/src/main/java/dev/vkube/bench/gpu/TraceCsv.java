package dev.vkube.bench.gpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the openb CSV files by header name, so resamples with fewer columns (multigpu20 has no
 * gpu_spec or times) read the same way; missing columns default to empty or 0.
 */
final class TraceCsv {
  private TraceCsv() {}

  static List<TraceNode> nodes(Path file) throws IOException {
    var out = new ArrayList<TraceNode>();
    for (Map<String, String> r : rows(file)) {
      out.add(new TraceNode(r.get("sn"), num(r, "cpu_milli"), num(r, "memory_mib"), (int) num(r, "gpu"),
          r.getOrDefault("model", "")));
    }
    return out;
  }

  static List<TraceTask> tasks(Path file) throws IOException {
    var out = new ArrayList<TraceTask>();
    for (Map<String, String> r : rows(file)) {
      String spec = r.getOrDefault("gpu_spec", "");
      Set<String> models = spec.isBlank() ? Set.of()
          : Arrays.stream(spec.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
      out.add(new TraceTask(r.get("name"), num(r, "cpu_milli"), num(r, "memory_mib"), (int) num(r, "num_gpu"),
          (int) num(r, "gpu_milli"), models, num(r, "creation_time")));
    }
    return out;
  }

  private static List<Map<String, String>> rows(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String[] header = lines.get(0).trim().split(",", -1);
    var out = new ArrayList<Map<String, String>>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.trim().split(",", -1);
      var row = new HashMap<String, String>();
      for (int i = 0; i < header.length && i < cells.length; i++) {
        row.put(header[i].trim(), cells[i].trim());
      }
      out.add(row);
    }
    return out;
  }

  private static long num(Map<String, String> row, String column) {
    String v = row.getOrDefault(column, "");
    return v.isEmpty() ? 0 : (long) Double.parseDouble(v);
  }
}
