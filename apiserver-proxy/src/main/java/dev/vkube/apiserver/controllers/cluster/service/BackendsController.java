package dev.vkube.apiserver.controllers.cluster.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.controllers.cluster.Gvr;
import dev.vkube.apiserver.controllers.cluster.ObjectKey;
import dev.vkube.apiserver.controllers.cluster.StoreClient;
import dev.vkube.apiserver.registry.Informers;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.controller.Controller;
import dev.vkube.controller.Result;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The loop shared by the Endpoints and EndpointSlice controllers: keyed by service, woken by changes
 * to services, to pods in the service's namespace and to the objects it writes; each pass computes the
 * backends of a selector service and hands them to {@link #sync}. Services without a selector are
 * left to whoever manages their endpoints.
 */
abstract class BackendsController implements AutoCloseable {
  static final Duration RESYNC = Duration.ofMinutes(5);

  final StoreClient client;
  final ObjectCache services;
  final ObjectCache pods;
  final ObjectCache owned;
  private final Controller<ObjectKey> controller;

  BackendsController(String name, Informers informers, Clock clock, Gvr ownedResource) {
    this.client = new StoreClient(informers, name);
    this.services = client.cache(Gvr.SERVICES);
    this.pods = client.cache(Gvr.PODS);
    this.owned = client.cache(ownedResource);
    this.controller = new Controller<>(name, this::reconcile, 2, RESYNC, this::serviceKeys, clock);
  }

  /** The service an object this controller writes belongs to (null when not its own). */
  abstract ObjectKey serviceOf(ObjectNode owned);

  /** Brings the endpoints of {@code key} in line; {@code service} is null once the service is gone. */
  abstract void sync(ObjectKey key, ObjectNode service, List<Backend> backends);

  BackendsController start() {
    services.addListener((type, service) -> controller.enqueue(ObjectKey.of(service)));
    pods.addListener((type, pod) -> servicesIn(Meta.namespace(pod)).forEach(controller::enqueue));
    owned.addListener((type, object) -> {
      ObjectKey key = serviceOf(object);
      if (key != null) {
        controller.enqueue(key);
      }
    });
    serviceKeys().forEach(controller::enqueue);
    controller.start();
    return this;
  }

  private List<ObjectKey> serviceKeys() {
    return services.list(null).stream().map(ObjectKey::of).toList();
  }

  private List<ObjectKey> servicesIn(String namespace) {
    return services.list(namespace).stream().filter(s -> s.path("spec").path("selector").size() > 0)
        .map(ObjectKey::of).toList();
  }

  Result reconcile(ObjectKey key) {
    if (!services.synced() || !pods.synced() || !owned.synced()) {
      return Result.after(Duration.ofMillis(200));
    }
    ObjectNode service = services.get(key.namespace(), key.name());
    if (service != null && service.path("spec").path("selector").size() == 0) {
      return Result.done();
    }
    List<Backend> backends = service == null ? List.of() : Backend.of(service, pods.list(key.namespace()),
        includesTerminating());
    sync(key, service, backends);
    return Result.done();
  }

  /** EndpointSlices list terminating pods (with their conditions); Endpoints do not. */
  boolean includesTerminating() {
    return false;
  }

  @Override
  public void close() {
    controller.close();
  }
}
