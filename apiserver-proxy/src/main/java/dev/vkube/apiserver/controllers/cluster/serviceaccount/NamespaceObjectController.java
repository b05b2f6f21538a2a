package dev.vkube.apiserver.controllers.cluster.serviceaccount;

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
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Keeps one named object in every active namespace, recreating it when deleted and repairing it when
 * changed: the shape shared by the serviceaccounts controller (the {@code default} ServiceAccount)
 * and the root CA publisher ({@code kube-root-ca.crt}). Keyed by namespace.
 */
public final class NamespaceObjectController implements AutoCloseable {
  static final Duration RESYNC = Duration.ofMinutes(5);

  private final Gvr gvr;
  private final String objectName;
  private final Function<String, ObjectNode> desired;
  private final UnaryOperator<ObjectNode> repair;
  private final StoreClient client;
  private final ObjectCache namespaces;
  private final ObjectCache objects;
  private final Controller<String> controller;

  /**
   * {@code repair} returns the fixed object, or null when the existing one is fine (then nothing is
   * written).
   */
  public NamespaceObjectController(String controllerName, Informers informers, Clock clock, Gvr gvr,
      String objectName, Function<String, ObjectNode> desired, UnaryOperator<ObjectNode> repair) {
    this.gvr = gvr;
    this.objectName = objectName;
    this.desired = desired;
    this.repair = repair;
    this.client = new StoreClient(informers, controllerName);
    this.namespaces = client.cache(Gvr.NAMESPACES);
    this.objects = client.cache(gvr);
    this.controller = new Controller<>(controllerName, this::reconcile, 1, RESYNC, this::namespaceNames, clock);
  }

  public NamespaceObjectController start() {
    namespaces.addListener((type, ns) -> controller.enqueue(Meta.name(ns)));
    objects.addListener((type, object) -> {
      if (objectName.equals(Meta.name(object))) {
        controller.enqueue(Meta.namespace(object));
      }
    });
    namespaceNames().forEach(controller::enqueue);
    controller.start();
    return this;
  }

  private List<String> namespaceNames() {
    return namespaces.list(null).stream().map(Meta::name).toList();
  }

  Result reconcile(String namespace) {
    ObjectNode ns = namespaces.get(null, namespace);
    if (ns == null || Meta.deleting(ns) || !objects.synced()) {
      return objects.synced() ? Result.done() : Result.after(Duration.ofMillis(200));
    }
    ObjectNode existing = objects.get(namespace, objectName);
    if (existing == null) {
      client.create(gvr, namespace, desired.apply(namespace));
    } else if (repair.apply(existing.deepCopy()) != null) {
      client.update(gvr, namespace, objectName, current -> {
        ObjectNode fixed = repair.apply(current);
        return fixed == null ? current : fixed;
      });
    }
    return Result.done();
  }

  @Override
  public void close() {
    controller.close();
  }
}
