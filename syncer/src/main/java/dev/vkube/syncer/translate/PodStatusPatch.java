package dev.vkube.syncer.translate;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The write that gives a virtual pod its host pod's status: a JSON merge patch (RFC 7386) of the status
 * subresource that replaces the whole status, with the pod's UID as the only precondition, as the
 * kubelet's status manager writes pod status (status_manager.go, statusutil.PatchPodStatus: a patch
 * with a UID precondition, no resourceVersion). The syncer is the virtual pod's kubelet; a PUT with
 * the informer's resourceVersion failed with 409 whenever the cache lagged its own binding or previous
 * status write (0.55 conflicts per pod in sync-bench), each retried after a backoff.
 *
 * <p>Replacing: every top-level field of PodStatus is a scalar or a list, which a merge patch replaces
 * whole, so setting the host's fields and {@code null} for the ones only the virtual status has
 * leaves exactly the host's status.
 */
public final class PodStatusPatch {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private PodStatusPatch() {
  }

  /** The merge patch body that makes {@code virtual}'s status equal to {@code host}'s. */
  public static String of(Pod virtual, Pod host) {
    Map<String, Object> status = new LinkedHashMap<>(asMap(host.getStatus()));
    asMap(virtual.getStatus()).keySet().forEach(k -> status.putIfAbsent(k, null));
    Map<String, Object> patch = new LinkedHashMap<>();
    if (virtual.getMetadata().getUid() != null) {
      patch.put("metadata", Map.of("uid", virtual.getMetadata().getUid()));
    }
    patch.put("status", status);
    return SERIALIZATION.asJson(patch);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object status) {
    return status == null ? Map.of() : SERIALIZATION.convertValue(status, Map.class);
  }
}
