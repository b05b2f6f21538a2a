package dev.vkube.syncer.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * A host event about a synced object, re-addressed to the virtual object (vCluster's events syncer,
 * pkg/controllers/resources/events): the virtual namespace, a name built from the virtual object's
 * name and the host event's suffix, and an involvedObject naming the virtual kind, namespace, name and
 * uid. The message names the virtual object too (a tenant does not know host names). Pure.
 */
public final class EventTranslator {
  public Event toVirtual(Event host, HasMetadata hostObject, HasMetadata virtualObject) {
    String hostName = hostObject.getMetadata().getName();
    String hostNamespace = hostObject.getMetadata().getNamespace();
    String name = virtualObject.getMetadata().getName();
    String namespace = virtualObject.getMetadata().getNamespace();
    String message = host.getMessage() == null ? null : host.getMessage()
        .replace(hostNamespace + "/" + hostName, namespace + "/" + name).replace(hostName, name);
    return new EventBuilder(host)
        .withNewMetadata().withName(virtualName(host.getMetadata().getName(), hostName, name))
        .withNamespace(namespace).endMetadata()
        .editInvolvedObject().withNamespace(namespace).withName(name).withUid(virtualObject.getMetadata().getUid())
        .withResourceVersion(null).endInvolvedObject()
        .withMessage(message)
        .build();
  }

  /** {@code <host object>.<suffix>} becomes {@code <virtual object>.<suffix>}, as kubectl's event names go. */
  static String virtualName(String hostEventName, String hostObjectName, String virtualObjectName) {
    if (hostEventName.startsWith(hostObjectName + ".")) {
      return virtualObjectName + hostEventName.substring(hostObjectName.length());
    }
    return virtualObjectName + "." + Integer.toHexString(hostEventName.hashCode());
  }

  /** Whether the virtual copy must be updated: what a repeated event changes. */
  public boolean differs(Event desired, Event actual) {
    return !Objects.equals(desired.getCount(), actual.getCount())
        || !Objects.equals(desired.getLastTimestamp(), actual.getLastTimestamp())
        || !Objects.equals(desired.getMessage(), actual.getMessage())
        || !Objects.equals(desired.getSeries(), actual.getSeries());
  }
}
