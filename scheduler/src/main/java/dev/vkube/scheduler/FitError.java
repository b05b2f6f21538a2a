package dev.vkube.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;

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
    // Counted in place: a full cluster rejects most pods at every node, so this runs often. The
    // distinct reasons are a handful of constant strings, so a linear table compared by reference
    // first beats a hash map (one lookup per node and reason).
    String[] reasons = new String[8];
    int[] counts = new int[8];
    int distinct = 0;
    for (List<String> rs : nodeReasons) {
      if (rs == null) {
        continue;
      }
      for (int k = 0; k < rs.size(); k++) {
        String r = rs.get(k);
        int j = indexOf(reasons, distinct, r);
        if (j < 0) {
          if (distinct == reasons.length) {
            reasons = Arrays.copyOf(reasons, 2 * distinct);
            counts = Arrays.copyOf(counts, 2 * distinct);
          }
          j = distinct++;
          reasons[j] = r;
        }
        counts[j]++;
      }
    }
    List<String> parts = new ArrayList<>(distinct);
    for (int j = 0; j < distinct; j++) {
      parts.add(counts[j] + " " + reasons[j]);
    }
    parts.sort(null);
    return "0/" + nodeCount + " nodes are available: " + String.join(", ", parts) + ".";
  }

  private static int indexOf(String[] reasons, int n, String r) {
    for (int j = 0; j < n; j++) {
      if (reasons[j] == r) {
        return j;
      }
    }
    for (int j = 0; j < n; j++) {
      if (reasons[j].equals(r)) {
        return j;
      }
    }
    return -1;
  }
}
