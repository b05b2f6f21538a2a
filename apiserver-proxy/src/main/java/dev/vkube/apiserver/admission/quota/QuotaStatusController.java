package dev.vkube.apiserver.admission.quota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.admission.resources.ResourceList;
import dev.vkube.apiserver.registry.GenericStore;
import dev.vkube.apiserver.registry.WriteContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The status half of kube-controller-manager's resourcequota controller: keeps status.hard = spec.hard
 * and status.used = what the caches show, so {@code kubectl describe quota} reads the usage. Level
 * based: a namespace is queued when a quota or a charged object in it changes, and every namespace with
 * quotas is requeued on a resync timer (which also catches count/* resources it does not watch).
 */
public final class QuotaStatusController implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(QuotaStatusController.class.getName());
  static final long DEBOUNCE_MILLIS = 100;
  static final long RESYNC_SECONDS = 30;
  static final WriteContext WRITER = WriteContext.controller("resourcequota-controller");

  private final QuotaLedger ledger;
  private final GenericStore quotaStore;
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "resourcequota-controller");
    t.setDaemon(true);
    return t;
  });

  public QuotaStatusController(QuotaLedger ledger, GenericStore quotaStore) {
    this.ledger = ledger;
    this.quotaStore = quotaStore;
  }

  public QuotaStatusController start() {
    worker.scheduleWithFixedDelay(this::resync, RESYNC_SECONDS, RESYNC_SECONDS, TimeUnit.SECONDS);
    return this;
  }

  /** Something charged may have changed in this namespace (called from cache listeners: must not block). */
  public void changed(String namespace) {
    if (namespace != null && queued.add(namespace)) {
      worker.schedule(() -> reconcile(namespace), DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** Like {@link #changed} but only for namespaces that have quotas. */
  public void objectChanged(String namespace) {
    if (namespace != null && !ledger.objects().quotas(namespace).isEmpty()) {
      changed(namespace);
    }
  }

  private void resync() {
    ledger.objects().quotas(null).forEach(q -> changed(Meta.namespace(q)));
  }

  private void reconcile(String namespace) {
    queued.remove(namespace);
    for (ObjectNode quota : ledger.objects().quotas(namespace)) {
      try {
        updateStatus(quota);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "quota status update failed, will retry namespace=" + namespace, e);
        worker.schedule(() -> changed(namespace), 1, TimeUnit.SECONDS);
      }
    }
  }

  private void updateStatus(ObjectNode quota) {
    ObjectNode wanted = status(quota);
    if (wanted.equals(quota.path("status")) || Meta.deleting(quota)) {
      return;
    }
    quotaStore.update(Meta.namespace(quota), Meta.name(quota), "status", current -> {
      ObjectNode next = current.deepCopy();
      next.set("status", status(current));
      return next;
    }, WRITER).toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** status.hard is spec.hard in canonical form; status.used holds every hard key. */
  ObjectNode status(JsonNode quota) {
    ResourceList hard = ResourceList.from(quota.path("spec").path("hard"));
    ObjectNode status = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    status.set("hard", hard.toJson());
    status.set("used", ledger.used(quota, false).mask(hard.names()).toJson());
    return status;
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
