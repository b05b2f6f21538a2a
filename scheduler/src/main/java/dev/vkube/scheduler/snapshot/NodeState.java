package dev.vkube.scheduler.snapshot;

import dev.vkube.scheduler.gpu.GpuAllocation;
import dev.vkube.scheduler.gpu.GpuDemand;
import dev.vkube.scheduler.model.Node;
import dev.vkube.scheduler.model.Resources;
import dev.vkube.scheduler.model.Taint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One node with what is placed on it. Immutable: every change returns a new state, which is what
 * makes {@link Snapshot#fork()} safe (like kube-scheduler's NodeInfo clones in its cache).
 */
public final class NodeState {
  /** Upstream non-zero defaults used when scoring pods that request no cpu or memory. */
  public static final long DEFAULT_CPU_MILLI = 100;
  public static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

  private final Node node;
  private final Resources requested;
  private final long nonZeroCpu;
  private final long nonZeroMemory;
  private final int[] gpuFree;
  private final List<PlacedPod> pods;
  private final long gpuCapacity;
  // Allocatable minus requested, kept as fields: the filters and scorers read them for every node
  // re-evaluated, and a field of this object is already in cache where the two Resources objects
  // behind them (and their maps) are one or two cache misses each.
  private final long freeCpuMilli;
  private final long freeMemory;
  private final long freePods;
  private final long freeEphemeralStorage;
  /** Copies of the node's, so the filters of a re-evaluated node need not load the {@link Node}. */
  private final boolean unschedulable;
  private final List<Taint> taints;
  /** Whether allocatable lists an extended resource other than device-backed GPUs. */
  private final boolean otherExtended;
  /** The last memo entry, checked before {@link #memos}: one scorer per profile makes it the usual hit. */
  private volatile Memo lastMemo;
  private volatile Map<Object, Object> memos;

  /** A memo key and value together, so readers on other threads never pair one's key with another's value. */
  private record Memo(Object key, Object value) {}

  private NodeState(Node node, Resources requested, long nonZeroCpu, long nonZeroMemory, int[] gpuFree,
      List<PlacedPod> pods) {
    this.node = node;
    this.requested = requested;
    this.nonZeroCpu = nonZeroCpu;
    this.nonZeroMemory = nonZeroMemory;
    this.gpuFree = gpuFree;
    this.pods = pods;
    long capacity = 0;
    for (var g : node.gpus()) {
      capacity += g.milli();
    }
    this.gpuCapacity = capacity;
    Resources alloc = node.allocatable();
    this.freeCpuMilli = alloc.cpuMilli() - requested.cpuMilli();
    this.freeMemory = alloc.memory() - requested.memory();
    this.freePods = alloc.pods() - requested.pods();
    this.freeEphemeralStorage = alloc.ephemeralStorage() - requested.ephemeralStorage();
    boolean other = false;
    for (String name : alloc.extended().keySet()) {
      other |= !(name.equals(GpuDemand.WHOLE_RESOURCE) && gpuFree.length > 0);
    }
    this.otherExtended = other;
    this.unschedulable = node.unschedulable();
    this.taints = node.taints();
  }

  public static NodeState empty(Node node) {
    int[] free = node.gpus().stream().mapToInt(g -> g.milli()).toArray();
    return new NodeState(node, Resources.NONE, 0, 0, free, List.of());
  }

  public Node node() {
    return node;
  }

  public String name() {
    return node.name();
  }

  /** Sum of the effective requests of the pods on the node (including their pod slots). */
  public Resources requested() {
    return requested;
  }

  /** Allocatable cpu minus the requests of the pods on the node (negative when overcommitted). */
  public long freeCpuMilli() {
    return freeCpuMilli;
  }

  public long freeMemory() {
    return freeMemory;
  }

  public long freePods() {
    return freePods;
  }

  public long freeEphemeralStorage() {
    return freeEphemeralStorage;
  }

  /**
   * Whether allocatable has an extended resource besides GPUs backed by devices; when not, no
   * extended resource can be stranded by a pod other than through the devices.
   */
  public boolean hasOtherExtended() {
    return otherExtended;
  }

  /** {@code node().unschedulable()}. */
  public boolean unschedulable() {
    return unschedulable;
  }

  /** {@code node().taints()}. */
  public List<Taint> taints() {
    return taints;
  }

  public long nonZeroCpu() {
    return nonZeroCpu;
  }

  public long nonZeroMemory() {
    return nonZeroMemory;
  }

  public List<PlacedPod> pods() {
    return pods;
  }

  public int gpuCount() {
    return gpuFree.length;
  }

  public int gpuFree(int device) {
    return gpuFree[device];
  }

  /** A copy of the free milli-units per device. */
  public int[] gpuFree() {
    return gpuFree.clone();
  }

  /** Milli-units of all the node's devices together, free or not. */
  public long gpuCapacity() {
    return gpuCapacity;
  }

  public long gpuFreeTotal() {
    long sum = 0;
    for (int f : gpuFree) {
      sum += f;
    }
    return sum;
  }

  public NodeState withNode(Node replacement) {
    var fresh = empty(replacement);
    for (PlacedPod p : pods) {
      fresh = fresh.withPod(p);
    }
    return fresh;
  }

  /** Adds a pod. Devices the node does not have are ignored (the node shrank under the pod). */
  public NodeState withPod(PlacedPod p) {
    int[] free = gpuFree;
    if (!p.gpus().none()) {
      free = gpuFree.clone();
      for (int d : p.gpus().devices()) {
        if (d < free.length) {
          free[d] -= p.gpus().milli();
        }
      }
    }
    var list = new ArrayList<PlacedPod>(pods.size() + 1);
    list.addAll(pods);
    list.add(p);
    Resources r = p.demand().requests();
    return new NodeState(node, requested.plus(r), nonZeroCpu + nonZero(r.cpuMilli(), DEFAULT_CPU_MILLI),
        nonZeroMemory + nonZero(r.memory(), DEFAULT_MEMORY), free, Collections.unmodifiableList(list));
  }

  public NodeState withoutPod(String podKey) {
    var fresh = empty(node);
    for (PlacedPod p : pods) {
      if (!p.pod().key().equals(podKey)) {
        fresh = fresh.withPod(p);
      }
    }
    return fresh;
  }

  private static long nonZero(long v, long dflt) {
    return v == 0 ? dflt : v;
  }

  /**
   * Caches values derived from this immutable state, such as its fragmentation or its score for a
   * pod shape: a placement changes one node, so every other node's results stay valid and the
   * next pod of the same shape costs a lookup there. {@code key} must identify the computation
   * and all of its inputs besides this state. Forks share states across threads, hence the
   * concurrent map.
   */
  @SuppressWarnings("unchecked")
  public <T> T memo(Object key, Function<NodeState, T> compute) {
    Memo last = lastMemo;
    if (last != null && last.key() == key) {
      return (T) last.value();
    }
    if (last == null) {
      // The usual case: the first key on a fresh state needs no map.
      T v = compute.apply(this);
      lastMemo = new Memo(key, v);
      return v;
    }
    Map<Object, Object> m = memos;
    if (m == null) {
      m = new ConcurrentHashMap<>(8);
      memos = m;
    }
    m.putIfAbsent(last.key(), last.value());
    Object v = m.get(key);
    if (v == null) {
      v = compute.apply(this);
      m.put(key, v);
    }
    lastMemo = new Memo(key, v);
    return (T) v;
  }
}
