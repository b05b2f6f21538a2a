package dev.vkube.syncer.events;

import dev.vkube.controller.Reconciler;
import dev.vkube.controller.Result;
import dev.vkube.syncer.sync.ObjectKey;
import dev.vkube.syncer.sync.Side;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Events up, keyed by host event name: a host event whose involved object is a host copy of ours
 * (found in that kind's host informer, its ownership annotations naming the virtual original) is
 * created, or updated, in the virtual cluster. Never the other way (vCluster: events fromHost only).
 * Virtual events are not deleted with the host's: they age out by the virtual cluster's event TTL.
 */
public final class EventSyncReconciler implements Reconciler<String> {
  /** The synced kinds an event can be about: host side and virtual side. */
  public record Kind(Side<? extends HasMetadata> host, Side<? extends HasMetadata> virtual) {
  }

  private final KubernetesClient virtualClient;
  private final SharedIndexInformer<Event> hostEvents;
  private final String hostNamespace;
  private final Map<String, Kind> kinds;
  private final EventTranslator translator = new EventTranslator();
  /**
   * The host resourceVersion of each host event as last synced: an unchanged host event (the
   * controller's 60 s resync queues them all) needs no request; one not seen yet is created first
   * and read only if it exists. Reading the virtual event on every reconcile cost a GET per host event
   * per resync, more than the events' creates themselves (sync-bench, issue 6).
   */
  private final Map<String, String> synced = new ConcurrentHashMap<>();

  public EventSyncReconciler(KubernetesClient virtualClient, SharedIndexInformer<Event> hostEvents,
      String hostNamespace, Map<String, Kind> kinds) {
    this.virtualClient = virtualClient;
    this.hostEvents = hostEvents;
    this.hostNamespace = hostNamespace;
    this.kinds = kinds;
  }

  @Override
  public Result reconcile(String name) {
    Event host = hostEvents.getStore().getByKey(hostNamespace + "/" + name);
    if (host == null || host.getInvolvedObject() == null) {
      synced.remove(name);
      return Result.done();
    }
    Kind kind = kinds.get(host.getInvolvedObject().getKind());
    if (kind == null) {
      return Result.done();
    }
    HasMetadata hostObject = kind.host().get(hostNamespace, host.getInvolvedObject().getName());
    Optional<ObjectKey> key = hostObject == null ? Optional.empty() : ObjectKey.ofHost(hostObject);
    HasMetadata virtualObject = key.map(k -> (HasMetadata) kind.virtual().get(k.namespace(), k.name())).orElse(null);
    if (virtualObject == null) {
      return Result.done();
    }
    if (host.getMetadata().getResourceVersion() != null
        && host.getMetadata().getResourceVersion().equals(synced.get(name))) {
      return Result.done();
    }
    Event desired = translator.toVirtual(host, hostObject, virtualObject);
    var events = virtualClient.v1().events().inNamespace(desired.getMetadata().getNamespace());
    if (!synced.containsKey(name) && created(desired)) {
      remember(name, host);
      return Result.done();
    }
    Event current = events.withName(desired.getMetadata().getName()).get();
    if (current == null) {
      events.resource(desired).create();
    } else if (translator.differs(desired, current)) {
      desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
      events.resource(desired).update();
    }
    remember(name, host);
    return Result.done();
  }

  private void remember(String name, Event host) {
    if (host.getMetadata().getResourceVersion() != null) {
      synced.put(name, host.getMetadata().getResourceVersion());
    }
  }

  /** Creates the virtual event; false if one of that name exists already (then it is compared). */
  private boolean created(Event desired) {
    try {
      virtualClient.v1().events().inNamespace(desired.getMetadata().getNamespace()).resource(desired).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }
}
