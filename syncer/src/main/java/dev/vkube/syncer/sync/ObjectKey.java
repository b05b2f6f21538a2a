package dev.vkube.syncer.sync;

import dev.vkube.syncer.names.Markers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;

/** A virtual object's namespace and name: every sync controller is keyed by the virtual side. */
public record ObjectKey(String namespace, String name) {
  public static ObjectKey of(HasMetadata virtual) {
    return new ObjectKey(virtual.getMetadata().getNamespace(), virtual.getMetadata().getName());
  }

  /** The virtual original a host copy names in its ownership annotations, if any. */
  public static Optional<ObjectKey> ofHost(HasMetadata host) {
    Map<String, String> a = host.getMetadata().getAnnotations();
    if (a == null || a.get(Markers.OBJECT_NAME) == null || a.get(Markers.OBJECT_NAMESPACE) == null) {
      return Optional.empty();
    }
    return Optional.of(new ObjectKey(a.get(Markers.OBJECT_NAMESPACE), a.get(Markers.OBJECT_NAME)));
  }

  /** The informer store key. */
  public String storeKey() {
    return namespace + "/" + name;
  }

  @Override
  public String toString() {
    return storeKey();
  }
}
