package dev.vkube.apiserver.controllers.workloads;

import java.util.BitSet;

/** status.completedIndexes of an Indexed Job: "1,3-5,7" (job's indexed_job_utils.go intervals). */
final class CompletedIndexes {
  private CompletedIndexes() {}

  static BitSet parse(String text, int completions) {
    BitSet set = new BitSet();
    if (text == null || text.isBlank()) {
      return set;
    }
    for (String part : text.split(",")) {
      String[] range = part.trim().split("-");
      try {
        int from = Integer.parseInt(range[0]);
        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
        if (from >= 0 && from <= to && to < completions) {
          set.set(from, to + 1);
        }
      } catch (NumberFormatException e) {
        // a malformed interval is dropped, as upstream's parser skips it
      }
    }
    return set;
  }

  static String format(BitSet set) {
    StringBuilder out = new StringBuilder();
    for (int start = set.nextSetBit(0); start >= 0; ) {
      int end = set.nextClearBit(start) - 1;
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(start);
      if (end > start) {
        out.append('-').append(end);
      }
      start = set.nextSetBit(end + 1);
    }
    return out.toString();
  }
}
