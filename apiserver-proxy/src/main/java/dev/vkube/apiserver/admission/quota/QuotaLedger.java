package dev.vkube.apiserver.admission.quota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.admission.resources.Quantity;
import dev.vkube.apiserver.admission.resources.ResourceList;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The usage of every quota, computed from the caches plus what admission has let through but the caches
 * do not show yet. Upstream serializes admissions by writing status.used to etcd before the object;
 * here a reservation per admitted object, taken under a per-namespace lock, does the same within this
 * process (two concurrent creates cannot both take the last unit). A reservation ends when the cache
 * shows a newer version of its object, or after {@link #RESERVATION_TTL} (a create that failed later).
 */
public final class QuotaLedger {
  static final Duration RESERVATION_TTL = Duration.ofSeconds(30);

  private record Reservation(JsonNode object, String baseResourceVersion, Instant expires) {}

  private final QuotaObjects objects;
  private final Clock clock;
  private final PodEvaluator pods = new PodEvaluator();
  private final ServiceEvaluator services = new ServiceEvaluator();
  private final ClaimEvaluator claims = new ClaimEvaluator();
  private final Map<String, QuotaEvaluator> counters = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Reservation>> reservations = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  public QuotaLedger(QuotaObjects objects, Clock clock) {
    this.objects = objects;
    this.clock = clock;
  }

  QuotaObjects objects() {
    return objects;
  }

  Instant now() {
    return clock.instant();
  }

  Object lock(String namespace) {
    return locks.computeIfAbsent(namespace, n -> new Object());
  }

  /** The evaluator charged for writes of one resource. */
  QuotaEvaluator evaluatorFor(String group, String resource) {
    if (group.isEmpty()) {
      switch (resource) {
        case "pods" -> { return pods; }
        case "services" -> { return services; }
        case "persistentvolumeclaims" -> { return claims; }
        default -> { }
      }
    }
    return counters.computeIfAbsent(group + "/" + resource, k -> new CountEvaluator(group, resource));
  }

  /** The evaluator that tracks a quota key, or null for keys nothing charges (e.g. bare nvidia.com/gpu). */
  QuotaEvaluator evaluatorForKey(String key) {
    for (QuotaEvaluator e : new QuotaEvaluator[] {pods, services, claims}) {
      if (e.tracks(key)) {
        return e;
      }
    }
    if (Set.of("configmaps", "secrets", "replicationcontrollers", "resourcequotas").contains(key)) {
      return evaluatorFor("", key);
    }
    if (key.startsWith("count/")) {
      String rest = key.substring("count/".length());
      int dot = rest.indexOf('.');
      return dot < 0 ? evaluatorFor("", rest) : evaluatorFor(rest.substring(dot + 1), rest.substring(0, dot));
    }
    return null;
  }

  /**
   * What a quota's hard keys are used, a zero for keys with no usage. With {@code reserved}, admitted
   * objects the caches do not show yet count too (admission); without, only the caches (status).
   */
  public ResourceList used(JsonNode quota, boolean reserved) {
    String namespace = Meta.namespace(quota);
    ResourceList hard = ResourceList.from(quota.path("spec").path("hard"));
    Set<QuotaEvaluator> evaluators = new LinkedHashSet<>();
    hard.names().forEach(k -> {
      QuotaEvaluator e = evaluatorForKey(k);
      if (e != null) {
        evaluators.add(e);
      }
    });
    ResourceList used = new ResourceList();
    Instant now = clock.instant();
    for (QuotaEvaluator e : evaluators) {
      Set<String> names = new LinkedHashSet<>();
      hard.names().stream().filter(e::tracks).forEach(names::add);
      for (JsonNode object : current(e, namespace, reserved).values()) {
        if (e.inScope(quota, object)) {
          used = used.plus(e.usage(object, now).mask(names));
        }
      }
    }
    for (String k : hard.names()) {
      if (!used.has(k)) {
        used.put(k, Quantity.ZERO);
      }
    }
    return used;
  }

  /** The cached objects by name, with live reservations replacing or adding to them. */
  private Map<String, JsonNode> current(QuotaEvaluator e, String namespace, boolean reserved) {
    Map<String, JsonNode> byName = new HashMap<>();
    for (ObjectNode o : objects.list(e.group(), e.resource(), namespace)) {
      byName.put(Meta.name(o), o);
    }
    if (!reserved) {
      return byName;
    }
    Map<String, Reservation> held = reservations.get(namespace);
    if (held == null) {
      return byName;
    }
    String prefix = e.group() + "/" + e.resource() + "/";
    Instant now = clock.instant();
    held.entrySet().removeIf(entry -> {
      if (!entry.getKey().startsWith(prefix)) {
        return false;
      }
      String name = entry.getKey().substring(prefix.length());
      Reservation r = entry.getValue();
      JsonNode cached = byName.get(name);
      boolean stale = now.isAfter(r.expires()) || (r.baseResourceVersion() == null ? cached != null
          : cached == null || !r.baseResourceVersion().equals(Meta.resourceVersion(cached)));
      if (!stale) {
        byName.put(name, r.object());
      }
      return stale;
    });
    return byName;
  }

  /** Records an admitted write; call with {@link #lock} held. */
  void reserve(QuotaEvaluator e, String namespace, String name, JsonNode object, JsonNode old) {
    String base = old == null ? null : Meta.resourceVersion(old);
    reservations.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>()).put(e.group() + "/" + e.resource() + "/"
        + name, new Reservation(object.deepCopy(), base, clock.instant().plus(RESERVATION_TTL)));
  }
}
