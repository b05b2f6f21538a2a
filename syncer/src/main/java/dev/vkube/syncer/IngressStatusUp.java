package dev.vkube.syncer;

import dev.vkube.syncer.sync.DownwardSyncReconciler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/** Host to virtual for Ingresses: the load-balancer status the host's ingress controller wrote. */
final class IngressStatusUp implements DownwardSyncReconciler.AfterSync<Ingress> {
  private final KubernetesClient virtual;

  IngressStatusUp(KubernetesClient virtual) {
    this.virtual = virtual;
  }

  @Override
  public void apply(Ingress v, Ingress h) {
    if (h.getStatus() != null && !Objects.equals(h.getStatus(), v.getStatus())) {
      v.setStatus(h.getStatus());
      virtual.network().v1().ingresses().inNamespace(v.getMetadata().getNamespace()).resource(v).updateStatus();
    }
  }
}
