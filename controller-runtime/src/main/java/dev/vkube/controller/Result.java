package dev.vkube.controller;

import java.time.Duration;

/** What a reconcile asks for next (Karpenter's reconcile.Result idiom): nothing, a requeue, or one later. */
public record Result(boolean requeue, Duration requeueAfter) {
  private static final Result DONE = new Result(false, Duration.ZERO);

  public static Result done() {
    return DONE;
  }

  /** Again soon, with the key's rate-limited backoff. */
  public static Result again() {
    return new Result(true, Duration.ZERO);
  }

  /** Again after {@code delay} (a periodic check, a pending deadline). */
  public static Result after(Duration delay) {
    return new Result(false, delay);
  }

  /** The earliest of several results (a reconcile made of steps). */
  public static Result min(Result... results) {
    Result best = DONE;
    for (Result r : results) {
      if (r.requeue) {
        return r;
      }
      if (!r.requeueAfter.isZero() && (best.requeueAfter.isZero() || r.requeueAfter.compareTo(best.requeueAfter) < 0)) {
        best = r;
      }
    }
    return best;
  }
}
