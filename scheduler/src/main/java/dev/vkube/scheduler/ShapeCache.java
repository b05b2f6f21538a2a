package dev.vkube.scheduler;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@link NodeResults} of the most recently seen pod shapes, least recently used evicted. */
final class ShapeCache {
  static final int MAX_SHAPES = 256;

  private final Map<PodShape, NodeResults> byShape = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<PodShape, NodeResults> eldest) {
      return size() > MAX_SHAPES;
    }
  };

  NodeResults get(PodShape shape, int nodeCount) {
    NodeResults r = byShape.computeIfAbsent(shape, s -> new NodeResults());
    r.resize(nodeCount);
    return r;
  }
}
