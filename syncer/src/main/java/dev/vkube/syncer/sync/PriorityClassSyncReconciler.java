package dev.vkube.syncer.sync;

import dev.vkube.controller.Reconciler;
import dev.vkube.controller.Result;
import dev.vkube.syncer.translate.PriorityClassTranslator;
import dev.vkube.syncer.translate.TranslationContext;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Tenant PriorityClasses to the host ({@code --sync-priority-classes}, vCluster's
 * {@code sync.toHost.priorityClasses}), keyed by the virtual name: the host copy exists exactly while
 * the virtual class does; system classes ({@code system-*}) are the host's own and never copied.
 */
public final class PriorityClassSyncReconciler implements Reconciler<String> {
  private final SharedIndexInformer<PriorityClass> virtual;
  private final SharedIndexInformer<PriorityClass> host;
  private final KubernetesClient hostClient;
  private final TranslationContext ctx;
  private final PriorityClassTranslator translator = new PriorityClassTranslator();

  public PriorityClassSyncReconciler(SharedIndexInformer<PriorityClass> virtual,
      SharedIndexInformer<PriorityClass> host, KubernetesClient hostClient, TranslationContext ctx) {
    this.virtual = virtual;
    this.host = host;
    this.hostClient = hostClient;
    this.ctx = ctx;
  }

  @Override
  public Result reconcile(String name) {
    PriorityClass v = virtual.getStore().getByKey(name);
    String hostName = ctx.names().clusterScopedHostName(ctx.hostNamespace(), name);
    PriorityClass h = host.getStore().getByKey(hostName);
    if (h != null && PriorityClassTranslator.virtualName(h, ctx) == null) {
      return Result.done();
    }
    boolean keep = v != null && v.getMetadata().getDeletionTimestamp() == null && !isSystem(name);
    var api = hostClient.scheduling().v1().priorityClasses();
    if (!keep) {
      if (h != null) {
        api.withName(hostName).delete();
      }
      return Result.done();
    }
    PriorityClass desired = translator.toHost(v, ctx);
    if (h != null && translator.needsRecreate(desired, h)) {
      api.withName(hostName).delete();
      return Result.again();
    }
    if (h == null) {
      api.resource(desired).create();
    } else if (translator.differs(desired, h)) {
      desired.getMetadata().setResourceVersion(h.getMetadata().getResourceVersion());
      api.resource(desired).update();
    }
    return Result.done();
  }

  /** The virtual name of every class on either side, for the full reconcile. */
  public Set<String> keys() {
    Set<String> out = new LinkedHashSet<>();
    virtual.getStore().list().forEach(p -> out.add(p.getMetadata().getName()));
    host.getStore().list().forEach(p -> {
      String name = PriorityClassTranslator.virtualName(p, ctx);
      if (name != null) {
        out.add(name);
      }
    });
    return out;
  }

  public static boolean isSystem(String name) {
    return name.startsWith("system-");
  }
}
