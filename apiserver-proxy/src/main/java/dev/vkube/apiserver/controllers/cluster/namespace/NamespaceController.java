package dev.vkube.apiserver.controllers.cluster.namespace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.ServerContext;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.controllers.cluster.Gvr;
import dev.vkube.apiserver.controllers.cluster.StoreClient;
import dev.vkube.apiserver.registry.ObjectCache;
import dev.vkube.apiserver.registry.core.NamespaceStrategy;
import dev.vkube.controller.Controller;
import dev.vkube.controller.Result;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The namespace lifecycle controller (pkg/controller/namespace): a namespace with a deletionTimestamp
 * is Terminating; every pass deletes its content, reports the deletion conditions, and once nothing
 * is left removes the {@code kubernetes} finalizer so that the namespace goes.
 */
public final class NamespaceController implements AutoCloseable {
  public static final String NAME = "namespace-controller";
  static final Duration CONTENT_RECHECK = Duration.ofSeconds(1);
  static final Duration RESYNC = Duration.ofMinutes(5);

  private final StoreClient client;
  private final ObjectCache namespaces;
  private final NamespaceContent content;
  private final NamespaceFinalizer finalizer;
  private final Clock clock;
  private final Controller<String> controller;

  public NamespaceController(ServerContext context, NamespaceFinalizer finalizer) {
    this.client = new StoreClient(context.informers(), NAME);
    this.namespaces = client.cache(Gvr.NAMESPACES);
    this.content = new NamespaceContent(context.registry(), context.informers(), client.writer());
    this.finalizer = finalizer;
    this.clock = context.clock();
    this.controller = new Controller<>(NAME, this::reconcile, 2, RESYNC, this::terminating, clock);
  }

  public static NamespaceController start(ServerContext context, NamespaceFinalizer finalizer) {
    NamespaceController c = new NamespaceController(context, finalizer);
    c.namespaces.addListener((type, ns) -> {
      if (Meta.deleting(ns)) {
        c.controller.enqueue(Meta.name(ns));
      }
    });
    c.terminating().forEach(c.controller::enqueue);
    c.controller.start();
    return c;
  }

  private List<String> terminating() {
    return namespaces.list(null).stream().filter(Meta::deleting).map(Meta::name).toList();
  }

  Result reconcile(String name) {
    ObjectNode namespace = namespaces.get(null, name);
    if (namespace == null || !Meta.deleting(namespace) || !holdsFinalizer(namespace)) {
      return Result.done();
    }
    ContentReport report = content.deleteAll(name);
    reportConditions(namespace, report);
    if (!report.empty()) {
      return Result.after(CONTENT_RECHECK);
    }
    finalizer.finalizeNamespace(name);
    return Result.done();
  }

  private static boolean holdsFinalizer(ObjectNode namespace) {
    for (var f : namespace.path("spec").path("finalizers")) {
      if (NamespaceStrategy.FINALIZER.equals(f.asText())) {
        return true;
      }
    }
    return false;
  }

  private void reportConditions(ObjectNode namespace, ContentReport report) {
    ArrayNode probe = ((ObjectNode) namespace.deepCopy()).with("status").withArray("conditions");
    if (!report.writeConditions(probe, clock.instant())) {
      return;
    }
    client.updateStatus(Gvr.NAMESPACES, null, Meta.name(namespace), current -> {
      ObjectNode status = current.with("status");
      status.put("phase", "Terminating");
      report.writeConditions(status.withArray("conditions"), clock.instant());
      return current;
    });
  }

  @Override
  public void close() {
    controller.close();
  }
}
