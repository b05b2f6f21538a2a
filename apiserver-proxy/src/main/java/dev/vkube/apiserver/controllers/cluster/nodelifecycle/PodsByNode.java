package dev.vkube.apiserver.controllers.cluster.nodelifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.apiserver.storage.WatchEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pod cache indexed by spec.nodeName (client-go's "spec.nodeName" pod indexer that the taint
 * eviction controller uses), so that a node's reconcile reads its own pods instead of every pod in
 * the cluster. Entries are re-checked against the cache on read.
 */
final class PodsByNode {
  private final ObjectCache pods;
  private final Map<String, Set<String>> byNode = new ConcurrentHashMap<>();
  private final Map<String, String> nodeOf = new ConcurrentHashMap<>();

  PodsByNode(ObjectCache pods) {
    this.pods = pods;
  }

  /** Starts following the cache; call before reading. */
  PodsByNode start() {
    pods.addListener(this::onEvent);
    pods.list(null).forEach(p -> onEvent(WatchEvent.Type.ADDED, p));
    return this;
  }

  private void onEvent(WatchEvent.Type type, ObjectNode pod) {
    String key = Meta.namespace(pod) + "/" + Meta.name(pod);
    String node = type == WatchEvent.Type.DELETED ? "" : pod.path("spec").path("nodeName").asText("");
    String previous = node.isEmpty() ? nodeOf.remove(key) : nodeOf.put(key, node);
    if (previous != null && !previous.equals(node)) {
      Set<String> keys = byNode.get(previous);
      if (keys != null) {
        keys.remove(key);
      }
    }
    if (!node.isEmpty()) {
      byNode.computeIfAbsent(node, n -> ConcurrentHashMap.newKeySet()).add(key);
    }
  }

  /** The cached pods bound to {@code node}. */
  List<ObjectNode> on(String node) {
    List<ObjectNode> out = new ArrayList<>();
    for (String key : byNode.getOrDefault(node, Set.of())) {
      int slash = key.indexOf('/');
      ObjectNode pod = pods.get(key.substring(0, slash), key.substring(slash + 1));
      if (pod != null && node.equals(pod.path("spec").path("nodeName").asText())) {
        out.add(pod);
      }
    }
    return out;
  }
}
