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

  /** {@code nodeReasons[i]}: node i's reasons, null for a node that was not rejected. */
  static String message(int nodeCount, List<String>[] nodeReasons) {
    if (nodeCount == 0) {
      return NO_NODES;
    }
    // Counted in place: a full cluster rejects most pods at every node, so this runs often.
    Map<String, int[]> histogram = new HashMap<>();
    for (List<String> rs : nodeReasons) {
      if (rs == null) {
        continue;
      }
      for (int k = 0; k < rs.size(); k++) {
        histogram.computeIfAbsent(rs.get(k), r -> new int[1])[0]++;
      }
    }
    List<String> parts = new ArrayList<>(histogram.size());
    histogram.forEach((reason, n) -> parts.add(n[0] + " " + reason));
    parts.sort(null);
    return "0/" + nodeCount + " nodes are available: " + String.join(", ", parts) + ".";
  }
}
