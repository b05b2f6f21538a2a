package dev.vkube.scheduler.model;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

/**
 * An amount of every schedulable resource: cpu in millicores, memory and ephemeral-storage in
 * bytes, a pod count, and extended resources (whole numbers, never overcommitted) by name.
 *
 * <p>The four native resources are fields rather than map entries because the filter and score
 * loops touch them for every node of every placement.
 */
public record Resources(long cpuMilli, long memory, long pods, long ephemeralStorage, Map<String, Long> extended) {
  public static final String CPU = "cpu";
  public static final String MEMORY = "memory";
  public static final String PODS = "pods";
  public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
  public static final Resources NONE = new Resources(0, 0, 0, 0, Map.of());

  public Resources {
    extended = Map.copyOf(extended);
  }

  /** Builds from wire names; cpu is taken in millicores, memory and storage in bytes. */
  public static Resources of(Map<String, Long> byName) {
    var ext = new TreeMap<String, Long>();
    long cpu = 0, mem = 0, pods = 0, eph = 0;
    for (var e : byName.entrySet()) {
      switch (e.getKey()) {
        case CPU -> cpu = e.getValue();
        case MEMORY -> mem = e.getValue();
        case PODS -> pods = e.getValue();
        case EPHEMERAL_STORAGE -> eph = e.getValue();
        default -> ext.put(e.getKey(), e.getValue());
      }
    }
    return new Resources(cpu, mem, pods, eph, ext);
  }

  public static Resources of(String name, long amount) {
    return of(Map.of(name, amount));
  }

  public static Resources of(String n1, long a1, String n2, long a2) {
    return of(Map.of(n1, a1, n2, a2));
  }

  public static Resources of(String n1, long a1, String n2, long a2, String n3, long a3) {
    return of(Map.of(n1, a1, n2, a2, n3, a3));
  }

  public long get(String name) {
    return switch (name) {
      case CPU -> cpuMilli;
      case MEMORY -> memory;
      case PODS -> pods;
      case EPHEMERAL_STORAGE -> ephemeralStorage;
      default -> extended.getOrDefault(name, 0L);
    };
  }

  public Resources plus(Resources o) {
    return new Resources(cpuMilli + o.cpuMilli, memory + o.memory, pods + o.pods,
        ephemeralStorage + o.ephemeralStorage, merge(extended, o.extended, Long::sum));
  }

  public Resources minus(Resources o) {
    return new Resources(cpuMilli - o.cpuMilli, memory - o.memory, pods - o.pods,
        ephemeralStorage - o.ephemeralStorage, merge(extended, o.extended, (a, b) -> a - b));
  }

  /** Per-resource maximum, as used for init containers against the app containers. */
  public Resources max(Resources o) {
    return new Resources(Math.max(cpuMilli, o.cpuMilli), Math.max(memory, o.memory),
        Math.max(pods, o.pods), Math.max(ephemeralStorage, o.ephemeralStorage),
        merge(extended, o.extended, Math::max));
  }

  private static Map<String, Long> merge(Map<String, Long> a, Map<String, Long> b,
      BinaryOperator<Long> op) {
    if (b.isEmpty() && a.isEmpty()) {
      return Map.of();
    }
    var out = new TreeMap<>(a);
    b.forEach((k, v) -> out.put(k, op.apply(out.getOrDefault(k, 0L), v)));
    out.values().removeIf(v -> v == 0);
    return out;
  }
}
