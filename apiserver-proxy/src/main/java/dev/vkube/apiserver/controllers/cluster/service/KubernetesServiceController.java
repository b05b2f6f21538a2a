package dev.vkube.apiserver.controllers.cluster.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.controllers.cluster.Gvr;
import dev.vkube.apiserver.controllers.cluster.StoreClient;
import dev.vkube.apiserver.registry.Informers;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.controller.Controller;
import dev.vkube.controller.Result;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The {@code default/kubernetes} service and its endpoints (controlplane/controller/kubernetesservice
 * and the endpoint reconciler): ClusterIP at the first address of the service range, port 443 (https)
 * to the server's port, and Endpoints plus an EndpointSlice naming the server's address. Re-checked on
 * every change to them and every {@link #PERIOD}, as upstream's 10 s loop.
 */
public final class KubernetesServiceController implements AutoCloseable {
  public static final String NAME = "kubernetes-service-controller";
  static final String SERVICE = "kubernetes";
  static final String NAMESPACE = "default";
  static final Duration PERIOD = Duration.ofSeconds(10);
  static final String SKIP_MIRROR_LABEL = "endpointslice.kubernetes.io/skip-mirror";

  /** Where clients of the in-cluster service reach this server. */
  public record Advertise(String clusterIp, String address, int port) {}

  private final Advertise advertise;
  private final StoreClient client;
  private final List<ObjectCache> caches;
  private final Controller<String> controller;

  public KubernetesServiceController(Informers informers, Clock clock, Advertise advertise) {
    this.advertise = advertise;
    this.client = new StoreClient(informers, NAME);
    this.caches = List.of(client.cache(Gvr.SERVICES), client.cache(Gvr.ENDPOINTS), client.cache(Gvr.ENDPOINT_SLICES));
    this.controller = new Controller<>(NAME, key -> reconcile(), 1, PERIOD, () -> List.of(SERVICE), clock);
  }

  public KubernetesServiceController start() {
    caches.forEach(cache -> cache.addListener((type, object) -> {
      if (SERVICE.equals(Meta.name(object)) && NAMESPACE.equals(Meta.namespace(object))) {
        controller.enqueue(SERVICE);
      }
    }));
    controller.enqueue(SERVICE);
    controller.start();
    return this;
  }

  Result reconcile() {
    if (!caches.stream().allMatch(ObjectCache::synced)) {
      return Result.after(Duration.ofMillis(200));
    }
    ensure(Gvr.SERVICES, service(), List.of("ports"));
    ensure(Gvr.ENDPOINTS, endpoints(), List.of("subsets"));
    ensure(Gvr.ENDPOINT_SLICES, slice(), List.of("endpoints", "ports", "addressType"));
    return Result.done();
  }

  /**
   * Creates the object, or rewrites the fields this controller owns when they differ. Fields are
   * compared on what this controller sets only (defaults added by the server are not a difference, or
   * every write would trigger another), and labels are merged, not replaced.
   */
  private void ensure(Gvr gvr, ObjectNode desired, List<String> owned) {
    ObjectNode existing = client.cache(gvr).get(NAMESPACE, SERVICE);
    if (existing == null) {
      client.create(gvr, NAMESPACE, desired);
      return;
    }
    JsonNode wantLabels = desired.path("metadata").path("labels");
    boolean same = owned.stream().allMatch(f -> covers(field(existing, f), field(desired, f)))
        && covers(existing.path("metadata").path("labels"), wantLabels);
    if (!same) {
      client.update(gvr, NAMESPACE, SERVICE, current -> {
        for (String f : owned) {
          (desired.path("spec").has(f) ? current.with("spec") : current).set(f, field(desired, f));
        }
        current.with("metadata").with("labels").setAll((ObjectNode) wantLabels);
        return current;
      });
    }
  }

  private static JsonNode field(JsonNode object, String name) {
    return object.path("spec").has(name) ? object.path("spec").path(name) : object.path(name);
  }

  /** Whether {@code actual} has everything {@code wanted} has (objects by key, arrays element-wise). */
  static boolean covers(JsonNode actual, JsonNode wanted) {
    if (wanted.isObject()) {
      for (var it = wanted.fields(); it.hasNext();) {
        var e = it.next();
        if (!covers(actual.path(e.getKey()), e.getValue())) {
          return false;
        }
      }
      return actual.isObject() || wanted.isEmpty();
    }
    if (wanted.isArray()) {
      if (!actual.isArray() || actual.size() != wanted.size()) {
        return false;
      }
      for (int i = 0; i < wanted.size(); i++) {
        if (!covers(actual.get(i), wanted.get(i))) {
          return false;
        }
      }
      return true;
    }
    return wanted.equals(actual);
  }

  private ObjectNode service() {
    ObjectNode service = object("v1", "Service");
    service.with("metadata").with("labels").put("component", "apiserver").put("provider", "kubernetes");
    ObjectNode spec = service.putObject("spec");
    spec.put("type", "ClusterIP").put("clusterIP", advertise.clusterIp()).put("sessionAffinity", "None");
    spec.putArray("ports").addObject().put("name", "https").put("port", 443).put("protocol", "TCP")
        .put("targetPort", advertise.port());
    return service;
  }

  private ObjectNode endpoints() {
    ObjectNode endpoints = object("v1", "Endpoints");
    endpoints.with("metadata").with("labels").put(SKIP_MIRROR_LABEL, "true");
    ObjectNode subset = endpoints.putArray("subsets").addObject();
    subset.putArray("addresses").addObject().put("ip", advertise.address());
    subset.putArray("ports").addObject().put("name", "https").put("port", advertise.port()).put("protocol", "TCP");
    return endpoints;
  }

  private ObjectNode slice() {
    ObjectNode slice = object("discovery.k8s.io/v1", "EndpointSlice");
    slice.with("metadata").with("labels").put(EndpointSliceController.SERVICE_NAME_LABEL, SERVICE);
    slice.put("addressType", advertise.address().contains(":") ? "IPv6" : "IPv4");
    ObjectNode endpoint = slice.putArray("endpoints").addObject();
    endpoint.putArray("addresses").add(advertise.address());
    endpoint.putObject("conditions").put("ready", true);
    slice.putArray("ports").addObject().put("name", "https").put("port", advertise.port()).put("protocol", "TCP");
    return slice;
  }

  private static ObjectNode object(String apiVersion, String kind) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    object.put("apiVersion", apiVersion).put("kind", kind);
    object.putObject("metadata").put("name", SERVICE).put("namespace", NAMESPACE);
    return object;
  }

  @Override
  public void close() {
    controller.close();
  }
}
