package dev.vkube.scheduler.snapshot;

import dev.vkube.scheduler.gpu.GpuAllocation;
import dev.vkube.scheduler.model.Node;
import dev.vkube.scheduler.model.Pod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Nodes and the pods placed on them, updated incrementally. {@link #fork()} is O(1): both sides
 * share the tables until one writes, and the writer copies them first (copy-on-write), so neither
 * a fork's changes nor the parent's later ones are ever visible to the other. Node states are
 * immutable, so only the tables need copying. Not thread-safe; give each thread its own fork.
 */
public final class Snapshot {
  private NodeState[] nodes;
  private int size;
  private Map<String, Integer> index;
  private Map<String, String> podNodes;
  private int antiAffinityPods;
  private boolean shared;

  private Snapshot(NodeState[] nodes, int size, Map<String, Integer> index, Map<String, String> podNodes,
      int antiAffinityPods) {
    this.nodes = nodes;
    this.size = size;
    this.index = index;
    this.podNodes = podNodes;
    this.antiAffinityPods = antiAffinityPods;
  }

  public static Snapshot empty() {
    return new Snapshot(new NodeState[16], 0, new HashMap<>(), new HashMap<>(), 0);
  }

  public static Snapshot of(List<Node> nodes) {
    var s = empty();
    nodes.forEach(s::putNode);
    return s;
  }

  /** A what-if copy; see the class comment for why this is cheap and isolated. */
  public Snapshot fork() {
    shared = true;
    var child = new Snapshot(nodes, size, index, podNodes, antiAffinityPods);
    child.shared = true;
    return child;
  }

  public int nodeCount() {
    return size;
  }

  public NodeState nodeAt(int i) {
    return nodes[i];
  }

  public Optional<NodeState> node(String name) {
    Integer i = index.get(name);
    return i == null ? Optional.empty() : Optional.of(nodes[i]);
  }

  public List<NodeState> nodes() {
    return List.of(Arrays.copyOf(nodes, size));
  }

  public int podCount() {
    return podNodes.size();
  }

  public Optional<String> nodeOf(String podKey) {
    return Optional.ofNullable(podNodes.get(podKey));
  }

  /** How many placed pods carry required anti-affinity terms; 0 lets filters skip a scan. */
  public int antiAffinityPods() {
    return antiAffinityPods;
  }

  /** Adds a node, or replaces its spec keeping the pods placed on it. */
  public void putNode(Node node) {
    own();
    Integer i = index.get(node.name());
    if (i != null) {
      nodes[i] = nodes[i].withNode(node);
      return;
    }
    if (size == nodes.length) {
      nodes = Arrays.copyOf(nodes, size * 2);
    }
    index.put(node.name(), size);
    nodes[size++] = NodeState.empty(node);
  }

  /** Removes a node and forgets the pods on it (their controllers would recreate them). */
  public void removeNode(String name) {
    Integer i = index.get(name);
    if (i == null) {
      return;
    }
    own();
    for (PlacedPod p : nodes[i].pods()) {
      forgetPod(p);
    }
    System.arraycopy(nodes, i + 1, nodes, i, size - i - 1);
    nodes[--size] = null;
    index.clear();
    for (int k = 0; k < size; k++) {
      index.put(nodes[k].name(), k);
    }
  }

  /**
   * Records a pod as bound to a node, as the scheduler cache does for bound and assumed pods;
   * no fit check (a kubelet may have admitted it by other rules), but the node must exist.
   */
  public void bind(Pod pod, String nodeName, GpuAllocation gpus) {
    Integer i = index.get(nodeName);
    if (i == null) {
      throw new IllegalArgumentException("unknown node " + nodeName);
    }
    if (podNodes.containsKey(pod.key())) {
      throw new IllegalArgumentException("pod already placed " + pod.key());
    }
    own();
    var placed = new PlacedPod(Demand.of(pod), nodeName, gpus);
    nodes[i] = nodes[i].withPod(placed);
    podNodes.put(pod.key(), nodeName);
    antiAffinityPods += pod.podAntiAffinity().isEmpty() ? 0 : 1;
  }

  public void removePod(String podKey) {
    String nodeName = podNodes.get(podKey);
    if (nodeName == null) {
      return;
    }
    own();
    int i = index.get(nodeName);
    nodes[i].pods().stream().filter(p -> p.pod().key().equals(podKey)).findFirst().ifPresent(this::forgetPod);
    nodes[i] = nodes[i].withoutPod(podKey);
  }

  private void forgetPod(PlacedPod p) {
    podNodes.remove(p.pod().key());
    antiAffinityPods -= p.pod().podAntiAffinity().isEmpty() ? 0 : 1;
  }

  private void own() {
    if (shared) {
      nodes = nodes.clone();
      index = new HashMap<>(index);
      podNodes = new HashMap<>(podNodes);
      shared = false;
    }
  }

  /** All placed pods, in node order; used by the pod affinity and spread pre-computations. */
  public List<PlacedPod> allPods() {
    var out = new ArrayList<PlacedPod>(podNodes.size());
    for (int i = 0; i < size; i++) {
      out.addAll(nodes[i].pods());
    }
    return out;
  }
}
