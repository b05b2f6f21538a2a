package dev.vkube.apiserver.controllers.cluster.service;

import java.util.BitSet;
import java.util.random.RandomGenerator;

/**
 * A bitmap over offsets [0, size) (registry/core/service/allocator bitmap). Dynamic allocation picks a
 * random free offset in the upper band first and only then the lower one, so that addresses users pick
 * by hand, conventionally low, rarely collide (KEP-3070 static subrange). Not thread-safe.
 */
public final class RangeBitmap {
  private final BitSet used = new BitSet();
  private final int size;
  private final int staticBand;
  private final int firstDynamic;
  private final RandomGenerator random;

  /** {@code firstDynamic} offsets below it are never handed out dynamically (reserved). */
  public RangeBitmap(int size, int staticBand, int firstDynamic, RandomGenerator random) {
    this.size = size;
    this.staticBand = Math.min(staticBand, size);
    this.firstDynamic = firstDynamic;
    this.random = random;
  }

  /** upstream calculateRangeOffset: min(max(min, size/step), max). */
  public static int band(int size, int min, int step, int max) {
    return size < min ? 0 : Math.min(Math.max(min, size / step), max);
  }

  public int size() {
    return size;
  }

  public boolean isSet(int offset) {
    return used.get(offset);
  }

  /** Marks {@code offset}; false when it was already taken. */
  public boolean set(int offset) {
    if (used.get(offset)) {
      return false;
    }
    used.set(offset);
    return true;
  }

  public void clear(int offset) {
    used.clear(offset);
  }

  /** A free offset, or -1 when the range is full; the caller marks it. */
  public int nextFree() {
    int upper = pick(Math.max(staticBand, firstDynamic), size);
    return upper >= 0 ? upper : pick(firstDynamic, Math.min(staticBand, size));
  }

  private int pick(int from, int to) {
    if (from >= to) {
      return -1;
    }
    int start = from + random.nextInt(to - from);
    int free = used.nextClearBit(start);
    if (free < to) {
      return free;
    }
    free = used.nextClearBit(from);
    return free < start ? free : -1;
  }
}
