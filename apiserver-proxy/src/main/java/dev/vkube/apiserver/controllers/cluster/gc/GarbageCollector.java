package dev.vkube.apiserver.controllers.cluster.gc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.controllers.cluster.StoreClient;
import dev.vkube.apiserver.registry.DeleteOptions;
import dev.vkube.apiserver.registry.GenericStore;
import dev.vkube.apiserver.registry.Informers;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.apiserver.registry.ResourceDefinition;
import dev.vkube.apiserver.registry.ResourceRegistry;
import dev.vkube.apiserver.storage.Preconditions;
import dev.vkube.apiserver.storage.WatchEvent;
import dev.vkube.controller.Controller;
import dev.vkube.controller.Result;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The garbage collector (pkg/controller/garbagecollector): one informer per deletable resource,
 * custom ones included as they appear, feeding an owner graph; a work queue of uids whose owners may
 * be gone (dangling dependents are deleted), whose owner waits for them (foreground) or that orphan
 * or wait for their own dependents (the orphan and foregroundDeletion finalizers).
 */
public final class GarbageCollector implements AutoCloseable {
  public static final String NAME = "generic-garbage-collector";
  static final Duration DISCOVERY_PERIOD = Duration.ofSeconds(5);
  static final Duration RESYNC = Duration.ofMinutes(5);
  static final Duration UNSYNCED_RETRY = Duration.ofMillis(500);
  static final Duration FOREGROUND_RECHECK = Duration.ofSeconds(10);
  /** Upstream's DefaultIgnoredResources: events are never owners nor collected. */
  private static final Set<String> IGNORED = Set.of("events", "events.events.k8s.io");

  private final ResourceRegistry registry;
  private final Informers informers;
  private final StoreClient client;
  private final OwnerGraph graph = new OwnerGraph();
  private final Map<String, ObjectCache> monitors = new ConcurrentHashMap<>();
  private final Controller<String> controller;
  private final ScheduledExecutorService discovery = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, Controller.THREAD_PREFIX + NAME + "-discovery");
    t.setDaemon(true);
    return t;
  });

  public GarbageCollector(ResourceRegistry registry, Informers informers, Clock clock) {
    this.registry = registry;
    this.informers = informers;
    this.client = new StoreClient(informers, NAME);
    this.controller = new Controller<>(NAME, this::reconcile, 2, RESYNC, graph::candidates, clock);
  }

  public GarbageCollector start() {
    controller.start();
    discovery.scheduleWithFixedDelay(this::syncMonitors, 0, DISCOVERY_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  // ---- monitors (garbagecollector/graph_builder.go syncMonitors)

  private void syncMonitors() {
    for (ResourceDefinition def : registry.all()) {
      if (collectable(def) && !monitors.containsKey(def.groupResource())) {
        ObjectCache cache = informers.of(def.group(), def.version(), def.resource());
        monitors.put(def.groupResource(), cache);
        cache.addListener((type, object) -> observe(def, type, object));
        cache.list(null).forEach(object -> observe(def, WatchEvent.Type.ADDED, object));
      }
    }
  }

  private static boolean collectable(ResourceDefinition def) {
    return def.verbs().containsAll(List.of("delete", "list", "watch")) && !IGNORED.contains(def.groupResource());
  }

  private boolean synced() {
    return monitors.values().stream().allMatch(ObjectCache::synced);
  }

  /** graph_builder.go processGraphChanges: update the graph, queue whatever the change may unblock. */
  private void observe(ResourceDefinition def, WatchEvent.Type type, ObjectNode object) {
    String uid = Meta.uid(object);
    if (uid == null) {
      return;
    }
    if (type == WatchEvent.Type.DELETED) {
      GraphNode gone = graph.remove(uid);
      if (gone != null) {
        graph.dependents(uid).forEach(d -> controller.enqueue(d.uid()));
        enqueueWaitingOwners(gone.owners());
      }
      return;
    }
    GraphNode node = GraphNode.of(def, object);
    GraphNode old = graph.put(node);
    if (old != null && old.owners().equals(node.owners()) && old.deleting() == node.deleting()
        && old.finalizers().equals(node.finalizers())) {
      return;
    }
    if (!node.owners().isEmpty() || node.orphaningDependents() || node.deletingDependents()) {
      controller.enqueue(uid);
    }
    if (node.deletingDependents() && (old == null || !old.deletingDependents())) {
      graph.dependents(uid).forEach(d -> controller.enqueue(d.uid()));
    }
    if (old != null) {
      enqueueWaitingOwners(old.owners().stream().filter(o -> !node.owners().contains(o)).toList());
    }
  }

  private void enqueueWaitingOwners(List<OwnerRef> owners) {
    for (OwnerRef ref : owners) {
      GraphNode owner = graph.node(ref.uid());
      if (owner != null && owner.deletingDependents()) {
        controller.enqueue(owner.uid());
      }
    }
  }

  // ---- reconcile (garbagecollector.go attemptToDeleteItem / attemptToOrphan)

  Result reconcile(String uid) {
    GraphNode node = graph.node(uid);
    if (node == null) {
      return Result.done();
    }
    if (!synced()) {
      return Result.after(UNSYNCED_RETRY);
    }
    if (node.orphaningDependents()) {
      orphanDependents(node);
      return Result.done();
    }
    if (node.deletingDependents()) {
      return waitForBlockingDependents(node);
    }
    if (node.deleting() || node.owners().isEmpty()) {
      return Result.done();
    }
    Verdict verdict = Verdict.decide(node, classify(node), !graph.dependents(uid).isEmpty());
    switch (verdict.action()) {
      case REMOVE_OWNER_REFERENCES -> rewrite(node, removeOwnerReferences(Set.copyOf(
          verdict.ownerUidsToRemove())));
      case DELETE -> delete(node, verdict.propagationPolicy());
      default -> { }
    }
    return Result.done();
  }

  private Map<OwnerRef, OwnerState> classify(GraphNode node) {
    Map<OwnerRef, OwnerState> states = new LinkedHashMap<>();
    for (OwnerRef ref : node.owners()) {
      states.put(ref, classify(node, ref));
    }
    return states;
  }

  /** Trusts the graph for a live owner; anything else is checked against storage before a delete. */
  private OwnerState classify(GraphNode node, OwnerRef ref) {
    GraphNode cached = graph.node(ref.uid());
    if (cached != null && !cached.deleting()) {
      return OwnerState.SOLID;
    }
    ResourceDefinition def = resolve(ref);
    if (def == null) {
      // An unknown kind may be served later (a CRD not yet established): keep, as upstream retries.
      return OwnerState.SOLID;
    }
    if (def.namespaced() && node.namespace() == null) {
      return OwnerState.DANGLING;
    }
    GenericStore store = informers.store(def.group(), def.version(), def.resource());
    Optional<ObjectNode> owner = client.get(store, def.namespaced() ? node.namespace() : null, ref.name());
    if (owner.isEmpty() || !ref.uid().equals(Meta.uid(owner.get()))) {
      return OwnerState.DANGLING;
    }
    GraphNode live = GraphNode.of(def, owner.get());
    return live.deletingDependents() ? OwnerState.WAITING : OwnerState.SOLID;
  }

  private ResourceDefinition resolve(OwnerRef ref) {
    ResourceDefinition anyVersion = null;
    for (ResourceDefinition def : registry.all()) {
      if (def.group().equals(ref.group()) && def.kind().equals(ref.kind())) {
        if (def.version().equals(ref.version())) {
          return def;
        }
        anyVersion = anyVersion == null ? def : anyVersion;
      }
    }
    return anyVersion;
  }

  private void delete(GraphNode node, String policy) {
    if ("Foreground".equals(policy)) {
      // A dependent already waiting on this object would wait forever (a cycle): unblock it first.
      graph.dependents(node.uid()).stream().filter(GraphNode::deletingDependents)
          .forEach(d -> rewrite(d, unblock(node.uid())));
    }
    client.delete(store(node), node.namespace(), node.name(), new DeleteOptions(null, policy,
        new Preconditions(node.uid(), null), false));
  }

  private Result waitForBlockingDependents(GraphNode node) {
    List<GraphNode> blocking = graph.blockingDependents(node.uid());
    if (blocking.isEmpty()) {
      rewrite(node, removeFinalizer(GraphNode.FOREGROUND));
      return Result.done();
    }
    blocking.stream().filter(d -> !d.deletingDependents()).forEach(d -> controller.enqueue(d.uid()));
    return Result.after(FOREGROUND_RECHECK);
  }

  private void orphanDependents(GraphNode owner) {
    for (GraphNode dependent : graph.dependents(owner.uid())) {
      rewrite(dependent, removeOwnerReferences(Set.of(owner.uid())));
    }
    rewrite(owner, removeFinalizer(GraphNode.ORPHAN));
  }

  // ---- writes

  /** Updates the object if it is still the one the graph knows (same uid). */
  private void rewrite(GraphNode node, UnaryOperator<ObjectNode> change) {
    client.update(store(node), node.namespace(), node.name(), "", current -> {
      if (!node.uid().equals(Meta.uid(current))) {
        throw ApiException.conflict(node.definition().group(), node.definition().resource(), node.name(),
            "the object was replaced");
      }
      return change.apply(current);
    });
  }

  private GenericStore store(GraphNode node) {
    ResourceDefinition def = node.definition();
    return informers.store(def.group(), def.version(), def.resource());
  }

  static UnaryOperator<ObjectNode> removeOwnerReferences(Set<String> uids) {
    return object -> {
      ObjectNode meta = Meta.metadata(object);
      ArrayNode kept = filtered(meta.path("ownerReferences"), r -> !uids.contains(r.path("uid").asText()));
      if (kept.isEmpty()) {
        meta.remove("ownerReferences");
      } else {
        meta.set("ownerReferences", kept);
      }
      return object;
    };
  }

  static UnaryOperator<ObjectNode> unblock(String ownerUid) {
    return object -> {
      for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
        if (ownerUid.equals(ref.path("uid").asText()) && ref instanceof ObjectNode r) {
          r.put("blockOwnerDeletion", false);
        }
      }
      return object;
    };
  }

  static UnaryOperator<ObjectNode> removeFinalizer(String finalizer) {
    return object -> {
      ObjectNode meta = Meta.metadata(object);
      meta.set("finalizers", filtered(meta.path("finalizers"), f -> !finalizer.equals(f.asText())));
      return object;
    };
  }

  private static ArrayNode filtered(JsonNode array, Predicate<JsonNode> keep) {
    ArrayNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    array.forEach(item -> {
      if (keep.test(item)) {
        out.add(item);
      }
    });
    return out;
  }

  @Override
  public void close() {
    discovery.shutdownNow();
    controller.close();
  }
}
