package dev.vkube.apiserver.admission.namespace;

import dev.vkube.apiserver.admission.AdmissionPlugin;
import dev.vkube.apiserver.admission.AdmissionRequest;
import dev.vkube.apiserver.admission.Operation;
import dev.vkube.apiserver.admission.Refusals;
import java.util.Set;

/**
 * NamespaceLifecycle (plugin/pkg/admission/namespace/lifecycle): the immortal namespaces cannot be
 * deleted. The other half of the plugin (404 for a missing namespace, 403 while it terminates) is
 * GenericStore.checkNamespaceWritable, which can wait for a live read where a plugin must not block.
 */
public final class NamespaceLifecycle implements AdmissionPlugin {
  public static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");

  @Override
  public String name() {
    return "NamespaceLifecycle";
  }

  @Override
  public boolean handles(AdmissionRequest request) {
    return request.operation() == Operation.DELETE && request.is("", "namespaces");
  }

  @Override
  public void validate(AdmissionRequest request) {
    if (IMMORTAL.contains(request.name())) {
      throw Refusals.forbidden(request, "this namespace may not be deleted");
    }
  }
}
