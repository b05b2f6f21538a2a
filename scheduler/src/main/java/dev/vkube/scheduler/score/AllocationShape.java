package dev.vkube.scheduler.score;

/**
 * How a resource's utilisation becomes a 0-100 score and how weighted scores combine; the three
 * upstream NodeResourcesFit scoring strategies (plugins/noderesources/*_allocated.go,
 * requested_to_capacity_ratio.go).
 */
public interface AllocationShape {
  long MAX_NODE_SCORE = 100;

  long resourceScore(long requested, long allocatable);

  /** Least and MostAllocated divide with truncation; RequestedToCapacityRatio rounds. */
  default double combine(long weightedSum, long weightSum) {
    return weightedSum / weightSum;
  }

  AllocationShape LEAST_ALLOCATED = (req, alloc) -> req > alloc ? 0 : (alloc - req) * MAX_NODE_SCORE / alloc;

  AllocationShape MOST_ALLOCATED = (req, alloc) -> Math.min(req, alloc) * MAX_NODE_SCORE / alloc;
}
