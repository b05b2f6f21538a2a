package dev.vkube.scheduler.gpu;

import dev.vkube.scheduler.model.GpuDevice;
import dev.vkube.scheduler.model.Resources;
import dev.vkube.scheduler.snapshot.NodeState;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Fragmentation#measure} with its device part remembered by a compact signature of the
 * devices' free state: the free milli-units of the devices, sorted (each with its model when some
 * shape restricts models). The device part (for each shape group, how many copies the devices take
 * and how many milli-units they could use) is the measure's costly loop, groups × devices; what is
 * left per call is one pass over the shapes against free cpu and memory. Few device states occur:
 * the trace's 1,213 nodes are of 15 kinds (549 identical 8-GPU G2 nodes), and a whole replay meets
 * 13,000-19,000 distinct sorted free vectors in 440,000-490,000 measures, while free cpu and
 * memory make half of the full states distinct. The part is a sum over devices of terms that read
 * only a device's free milli-units and model, so sorting the devices does not change it, and the
 * measure computed from it is bit for bit the direct one (same operations in the same order).
 *
 * <p>Values are pure functions of the key, so nothing is ever invalidated; the map is cleared when
 * it reaches {@link #MAX_ENTRIES} (a few MB) to bound its memory, which only costs recomputation.
 * Concurrent, because forks of one snapshot may be scored on several threads with one profile.
 */
public final class FragmentationMemo {
  static final int MAX_ENTRIES = 1 << 16;

  private final Fragmentation fragmentation;
  private final Map<Key, long[]> parts = new ConcurrentHashMap<>(1 << 12);

  public FragmentationMemo(Fragmentation fragmentation) {
    this.fragmentation = fragmentation;
  }

  public Fragmentation fragmentation() {
    return fragmentation;
  }

  /** The node's current measure, as {@link Fragmentation#of}. */
  public double of(NodeState node) {
    Resources alloc = node.node().allocatable();
    return measure(alloc.cpuMilli() - node.requested().cpuMilli(), alloc.memory() - node.requested().memory(),
        node.gpuFree(), node.node().gpus());
  }

  /** Same value as {@code fragmentation().measure(...)} with the same arguments. */
  public double measure(long cpuFree, long memoryFree, int[] free, List<GpuDevice> devices) {
    long total = 0;
    for (int f : free) {
      total += f;
    }
    if (total == 0) {
      return 0; // the direct measure returns at once too; no entry needed
    }
    Key key = key(free, devices);
    long[] part = parts.get(key);
    if (part == null) {
      part = fragmentation.devicePart(free, devices);
      if (parts.size() >= MAX_ENTRIES) {
        parts.clear();
      }
      parts.put(key, part);
    }
    return fragmentation.measure(cpuFree, memoryFree, part);
  }

  int size() {
    return parts.size();
  }

  private Key key(int[] free, List<GpuDevice> devices) {
    int[] sig = free.clone();
    if (!fragmentation.readsModels()) {
      Arrays.sort(sig);
      return new Key(sig, null);
    }
    // Sort devices by (model, free) so that equal multisets of (model, free) give equal keys.
    Integer[] order = new Integer[free.length];
    for (int d = 0; d < order.length; d++) {
      order[d] = d;
    }
    Arrays.sort(order, (a, b) -> {
      int c = devices.get(a).model().compareTo(devices.get(b).model());
      return c != 0 ? c : Integer.compare(free[a], free[b]);
    });
    String[] models = new String[free.length];
    for (int i = 0; i < order.length; i++) {
      sig[i] = free[order[i]];
      models[i] = devices.get(order[i]).model();
    }
    return new Key(sig, models);
  }

  /** Arrays compared by content; the hash is computed once. */
  private static final class Key {
    private final int[] sig;
    private final String[] models;
    private final int hash;

    Key(int[] sig, String[] models) {
      this.sig = sig;
      this.models = models;
      this.hash = 31 * Arrays.hashCode(sig) + Arrays.hashCode(models);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && Arrays.equals(k.sig, sig) && Arrays.equals(k.models, models);
    }
  }
}
