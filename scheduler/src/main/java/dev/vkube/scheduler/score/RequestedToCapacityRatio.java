package dev.vkube.scheduler.score;

import java.util.List;

/**
 * A broken-linear function of utilisation (0-100) to a score given on 0-10 and scaled to 0-100,
 * as upstream RequestedToCapacityRatio; requests above capacity count as full utilisation.
 */
public record RequestedToCapacityRatio(List<Point> shape) implements AllocationShape {
  private static final long MAX_SHAPE_SCORE = 10;
  /** Upstream's default shape, which bin-packs: empty scores 0, full scores 10. */
  public static final RequestedToCapacityRatio BIN_PACKING =
      new RequestedToCapacityRatio(List.of(new Point(0, 0), new Point(100, 10)));

  public record Point(long utilization, long score) {}

  public RequestedToCapacityRatio {
    shape = List.copyOf(shape);
  }

  @Override
  public long resourceScore(long requested, long allocatable) {
    long utilization = requested > allocatable ? 100 : requested * 100 / allocatable;
    return value(utilization);
  }

  /** Interpolates on scores already scaled to 0-100, in that order, as upstream does. */
  private long value(long u) {
    long scale = MAX_NODE_SCORE / MAX_SHAPE_SCORE;
    if (u <= shape.get(0).utilization()) {
      return shape.get(0).score() * scale;
    }
    for (int i = 1; i < shape.size(); i++) {
      Point a = shape.get(i - 1);
      Point b = shape.get(i);
      if (u <= b.utilization()) {
        long sa = a.score() * scale;
        long sb = b.score() * scale;
        return sa + (sb - sa) * (u - a.utilization()) / (b.utilization() - a.utilization());
      }
    }
    return shape.get(shape.size() - 1).score() * scale;
  }

  @Override
  public double combine(long weightedSum, long weightSum) {
    return Math.round((double) weightedSum / weightSum);
  }
}
