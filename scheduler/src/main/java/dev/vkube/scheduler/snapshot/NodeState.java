package dev.vkube.scheduler.snapshot;

import dev.vkube.scheduler.gpu.GpuAllocation;
import dev.vkube.scheduler.model.Node;
import dev.vkube.scheduler.model.Resources;
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
  private volatile Map<Object, Object> memos;

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
    Map<Object, Object> m = memos;
    if (m == null) {
      m = new ConcurrentHashMap<>(8);
      memos = m;
    }
    Object v = m.get(key);
    if (v == null) {
      v = compute.apply(this);
      m.put(key, v);
    }
    return (T) v;
  }
}
