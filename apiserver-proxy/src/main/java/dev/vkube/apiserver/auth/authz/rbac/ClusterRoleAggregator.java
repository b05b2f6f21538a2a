package dev.vkube.apiserver.auth.authz.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.registry.GenericStore;
import dev.vkube.apiserver.registry.Informers;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.apiserver.registry.WriteContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The clusterrole-aggregation-controller (pkg/controller/clusterroleaggregation): the rules of a
 * ClusterRole with an {@code aggregationRule} are the union of the rules of the ClusterRoles its
 * selectors match (in selector order, then name order, each rule once). Any ClusterRole change
 * requeues every aggregated role, as upstream does, since the dependency graph is not known.
 */
public final class ClusterRoleAggregator implements AutoCloseable {
  public static final String NAME = "clusterrole-aggregation-controller";
  private static final Logger LOG = Logger.getLogger(ClusterRoleAggregator.class.getName());
  private static final long RETRY_MILLIS = 500;
  private static final long RESYNC_SECONDS = 60;

  private final ObjectCache clusterRoles;
  private final GenericStore store;
  private final WriteContext writer;
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, NAME);
    t.setDaemon(true);
    return t;
  });

  public ClusterRoleAggregator(ObjectCache clusterRoles, GenericStore store) {
    this.clusterRoles = clusterRoles;
    this.store = store;
    WriteContext sa = WriteContext.controller(NAME);
    this.writer = new WriteContext(sa.user(), NAME, false);
  }

  public static ClusterRoleAggregator start(Informers informers) {
    ClusterRoleAggregator c = new ClusterRoleAggregator(informers.of(CachedRbacSource.GROUP, "v1", "clusterroles"),
        informers.store(CachedRbacSource.GROUP, "v1", "clusterroles"));
    c.clusterRoles.addListener((type, object) -> c.enqueueAll());
    c.thread.scheduleWithFixedDelay(c::enqueueAll, 0, RESYNC_SECONDS, TimeUnit.SECONDS);
    return c;
  }

  private void enqueueAll() {
    for (ObjectNode role : clusterRoles.list(null)) {
      if (role.has("aggregationRule")) {
        enqueue(Meta.name(role), 0);
      }
    }
  }

  private void enqueue(String name, long delayMillis) {
    if (queued.add(name)) {
      thread.schedule(() -> run(name), delayMillis, TimeUnit.MILLISECONDS);
    }
  }

  private void run(String name) {
    queued.remove(name);
    try {
      sync(name);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "aggregation failed, will retry clusterrole=" + name, e);
      enqueue(name, RETRY_MILLIS);
    }
  }

  /** syncClusterRole: writes the aggregated rules when they differ from the stored ones. */
  void sync(String name) {
    ObjectNode role = clusterRoles.get(null, name);
    if (role == null || !role.has("aggregationRule")) {
      return;
    }
    List<PolicyRule> rules = aggregate(role, clusterRoles.list(null));
    if (rules.equals(PolicyRule.listFrom(role))) {
      return;
    }
    store.update(null, name, "", current -> {
      ObjectNode next = current.deepCopy();
      next.set("rules", PolicyRule.toJson(rules));
      return next;
    }, writer).toCompletableFuture().join();
  }

  /** The union of the rules of the roles the aggregation rule selects, each rule once. */
  static List<PolicyRule> aggregate(JsonNode role, List<? extends JsonNode> all) {
    List<JsonNode> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparing(Meta::name));
    List<PolicyRule> out = new ArrayList<>();
    String self = Meta.name(role);
    for (JsonNode selector : role.path("aggregationRule").path("clusterRoleSelectors")) {
      for (JsonNode candidate : sorted) {
        if (Meta.name(candidate).equals(self) || !selects(selector, candidate.path("metadata").path("labels"))) {
          continue;
        }
        for (PolicyRule rule : PolicyRule.listFrom(candidate)) {
          if (!out.contains(rule)) {
            out.add(rule);
          }
        }
      }
    }
    return out;
  }

  /** metav1.LabelSelector matching: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist). */
  static boolean selects(JsonNode selector, JsonNode labels) {
    for (var e : (Iterable<java.util.Map.Entry<String, JsonNode>>) selector.path("matchLabels")::fields) {
      if (!labels.path(e.getKey()).isTextual() || !labels.path(e.getKey()).asText().equals(e.getValue().asText())) {
        return false;
      }
    }
    for (JsonNode expr : selector.path("matchExpressions")) {
      JsonNode value = labels.path(expr.path("key").asText());
      List<String> values = PolicyRule.strings(expr.path("values"));
      boolean ok = switch (expr.path("operator").asText()) {
        case "In" -> value.isTextual() && values.contains(value.asText());
        case "NotIn" -> !value.isTextual() || !values.contains(value.asText());
        case "Exists" -> value.isTextual();
        case "DoesNotExist" -> !value.isTextual();
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
