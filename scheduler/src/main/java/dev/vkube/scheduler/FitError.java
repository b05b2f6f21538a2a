package dev.vkube.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;

/**
 * The unschedulable message: {@code 0/<N> nodes are available: <count> <reason>, ...} with the
 * "count reason" strings sorted, as upstream framework/types.go FitError.Error builds it.
 */
final class FitError {
  static final String NO_NODES = "no nodes available to schedule pods";
  static final String GATED = "Scheduling is blocked due to non-empty scheduling gates";

  private FitError() {}

  static String message(int nodeCount, Map<String, List<String>> nodeReasons) {
    if (nodeCount == 0) {
      return NO_NODES;
    }
    Map<String, Integer> histogram = new HashMap<>();
    nodeReasons.values().forEach(rs -> rs.forEach(r -> histogram.merge(r, 1, Integer::sum)));
    List<String> parts = new ArrayList<>();
    histogram.forEach((reason, n) -> parts.add(n + " " + reason));
    parts.sort(null);
    return "0/" + nodeCount + " nodes are available: " + String.join(", ", parts) + ".";
  }
}
