package dev.vkube.scheduler.gpu;

import dev.vkube.scheduler.model.GpuDevice;
import dev.vkube.scheduler.model.NodeSelectorTerm;
import dev.vkube.scheduler.model.Requirement;
import dev.vkube.scheduler.model.Resources;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a pod asks of a node's GPU devices: {@code count} devices with {@code milli} free each.
 * Whole GPUs ({@code nvidia.com/gpu: N}) are N devices of 1000; a shared request
 * ({@link #SHARED_RESOURCE}) is one device with that many milli-units free, as in Alibaba's
 * gpushare scheduler used by the FGD paper. {@code models} empty means any GPU product.
 */
public record GpuDemand(int count, int milli, Set<String> models) {
  public static final String WHOLE_RESOURCE = "nvidia.com/gpu";
  /** Milli-units of one GPU (time-slicing replica or DRA share); 1-999, an integer request. */
  public static final String SHARED_RESOURCE = "vkube.dev/gpu-milli";
  /** GPU feature discovery's product label; node affinity on it restricts the devices used. */
  public static final String PRODUCT_LABEL = "nvidia.com/gpu.product";
  public static final GpuDemand NONE = new GpuDemand(0, 0, Set.of());

  public GpuDemand {
    models = Set.copyOf(models);
  }

  public static GpuDemand whole(int count) {
    return new GpuDemand(count, GpuDevice.WHOLE, Set.of());
  }

  public static GpuDemand shared(int milli) {
    return new GpuDemand(1, milli, Set.of());
  }

  /** Derives the demand from effective requests and the product restriction of node affinity. */
  public static GpuDemand of(Resources requests, List<NodeSelectorTerm> requiredAffinity) {
    long whole = requests.get(WHOLE_RESOURCE);
    long shared = requests.get(SHARED_RESOURCE);
    Set<String> models = models(requiredAffinity);
    if (whole > 0) {
      return new GpuDemand((int) whole, GpuDevice.WHOLE, models);
    }
    if (shared > 0) {
      return new GpuDemand(1, (int) Math.min(shared, GpuDevice.WHOLE), models);
    }
    return NONE;
  }

  /**
   * Allowed products: the union of the In values on the product label, if every ORed term
   * restricts it (otherwise some term admits any product, so no device restriction applies).
   */
  static Set<String> models(List<NodeSelectorTerm> terms) {
    var out = new TreeSet<String>();
    for (NodeSelectorTerm t : terms) {
      boolean restricted = false;
      for (Requirement r : t.matchExpressions()) {
        if (r.key().equals(PRODUCT_LABEL) && r.operator() == Requirement.Operator.IN) {
          out.addAll(r.values());
          restricted = true;
        }
      }
      if (!restricted) {
        return Set.of();
      }
    }
    return out;
  }

  public boolean none() {
    return count == 0;
  }

  public boolean isShared() {
    return count == 1 && milli < GpuDevice.WHOLE;
  }

  public long totalMilli() {
    return (long) count * milli;
  }

  public boolean allows(String model) {
    return models.isEmpty() || models.contains(model);
  }

  /**
   * Whether device {@code d} of {@code devices} may serve this demand; reads the device only when
   * a product is required, since this runs for every device of every node re-evaluated.
   */
  public boolean allows(List<GpuDevice> devices, int d) {
    return models.isEmpty() || models.contains(devices.get(d).model());
  }
}
