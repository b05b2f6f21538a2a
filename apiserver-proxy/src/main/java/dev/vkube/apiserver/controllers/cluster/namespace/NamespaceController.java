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
 * is left removes the {@code kubernetes} finalizer through namespaces/finalize, whose update deletes
 * the namespace when no finalizer is left (ShouldDeleteNamespaceDuringUpdate). Runs under the
 * controller manager's Lease like the other controllers.
 */
public final class NamespaceController implements AutoCloseable {
  public static final String NAME = "namespace-controller";
  static final Duration CONTENT_RECHECK = Duration.ofSeconds(1);
  static final Duration RESYNC = Duration.ofMinutes(5);

  private final StoreClient client;
  private final ObjectCache namespaces;
  private final NamespaceContent content;
  private final Clock clock;
  private final Controller<String> controller;

  public NamespaceController(ServerContext context) {
    this.client = new StoreClient(context.informers(), NAME);
    this.namespaces = client.cache(Gvr.NAMESPACES);
    this.content = new NamespaceContent(context.registry(), context.informers(), client.writer());
    this.clock = context.clock();
    this.controller = new Controller<>(NAME, this::reconcile, 2, RESYNC, this::terminating, clock);
  }

  public static NamespaceController start(ServerContext context) {
    NamespaceController c = new NamespaceController(context);
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
    finalizeNamespace(name);
    return Result.done();
  }

  /**
   * PUT namespaces/{name}/finalize with spec.finalizers minus {@code kubernetes}
   * (namespaced_resources_deleter.go finalizeNamespace); the store retries on conflicts from the
   * current object, and a namespace already gone is fine.
   */
  private void finalizeNamespace(String name) {
    client.update(client.store(Gvr.NAMESPACES), null, name, NamespaceStrategy.FINALIZE, current -> {
      ArrayNode kept = current.arrayNode();
      current.path("spec").path("finalizers").forEach(f -> {
        if (!NamespaceStrategy.FINALIZER.equals(f.asText())) {
          kept.add(f);
        }
      });
      current.with("spec").set("finalizers", kept);
      return current;
    });
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
