package dev.vkube.scheduler;

import dev.vkube.scheduler.snapshot.NodeState;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Per-node rejection reasons as a read-only map view over the arrays the placement loop filled,
 * in node order. Unschedulable pods are common when a cluster is full; copying a map of every
 * node for each of them would cost more than placing them.
 */
final class Rejections extends AbstractMap<String, List<String>> {
  private final NodeState[] nodes;
  private final List<String>[] reasons;
  private final int count;

  Rejections(NodeState[] nodes, List<String>[] reasons) {
    this.nodes = nodes;
    this.reasons = reasons;
    int n = 0;
    for (List<String> r : reasons) {
      n += r == null ? 0 : 1;
    }
    this.count = n;
  }

  @Override
  public Set<Entry<String, List<String>>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, List<String>>> iterator() {
        return new Iterator<>() {
          private int next = advance(0);

          private int advance(int from) {
            int i = from;
            while (i < reasons.length && reasons[i] == null) {
              i++;
            }
            return i;
          }

          @Override
          public boolean hasNext() {
            return next < reasons.length;
          }

          @Override
          public Entry<String, List<String>> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            var e = Map.entry(nodes[next].name(), reasons[next]);
            next = advance(next + 1);
            return e;
          }
        };
      }

      @Override
      public int size() {
        return count;
      }
    };
  }
}
