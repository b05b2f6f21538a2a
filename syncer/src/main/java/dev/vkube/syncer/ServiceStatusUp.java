package dev.vkube.syncer;

import dev.vkube.syncer.sync.DownwardSyncReconciler;
import dev.vkube.syncer.translate.ServiceTranslator;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/** Host to virtual for Services: the host cluster IP (annotation) and load-balancer status. */
final class ServiceStatusUp implements DownwardSyncReconciler.AfterSync<Service> {
  private final KubernetesClient virtual;
  private final ServiceTranslator translator;

  ServiceStatusUp(KubernetesClient virtual, ServiceTranslator translator) {
    this.virtual = virtual;
    this.translator = translator;
  }

  @Override
  public void apply(Service v, Service h) {
    Service wanted = translator.withHostStatus(v, h);
    var api = virtual.services().inNamespace(v.getMetadata().getNamespace());
    if (!Objects.equals(wanted.getMetadata().getAnnotations(), v.getMetadata().getAnnotations())) {
      wanted = api.resource(wanted).update();
      wanted.setStatus(translator.withHostStatus(v, h).getStatus());
    }
    if (!Objects.equals(wanted.getStatus(), v.getStatus()) && h.getStatus() != null) {
      api.resource(wanted).updateStatus();
    }
  }
}
