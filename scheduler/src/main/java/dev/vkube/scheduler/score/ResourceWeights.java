package dev.vkube.scheduler.score;

import dev.vkube.scheduler.model.Resources;
import java.util.Map;

/**
 * Weights of the resources a resource-allocation score looks at. cpu and memory are scored when
 * weighted; every extended resource the node has is scored with its own weight or
 * {@code extendedDefault} (gpu.md §5.2: GPUs weigh 5 so packing GPUs dominates).
 */
public record ResourceWeights(Map<String, Integer> weights, int extendedDefault) {
  public static final int DEFAULT_EXTENDED_WEIGHT = 5;
  public static final ResourceWeights DEFAULT =
      new ResourceWeights(Map.of(Resources.CPU, 1, Resources.MEMORY, 1), DEFAULT_EXTENDED_WEIGHT);

  public ResourceWeights {
    weights = Map.copyOf(weights);
  }

  public int weight(String resource) {
    Integer w = weights.get(resource);
    if (w != null) {
      return w;
    }
    return resource.equals(Resources.CPU) || resource.equals(Resources.MEMORY) ? 0 : extendedDefault;
  }
}
