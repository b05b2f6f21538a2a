package dev.vkube.syncer.sync;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Tokens of a virtual pod's service account, minted by the virtual API server's TokenRequest and bound
 * to the virtual pod, as vCluster does (translator.go, L575+): the host pod then authenticates to the
 * virtual cluster as its virtual account. Long-lived, like vCluster's ten years, because the host pod
 * cannot be given a refreshed token later (its spec is immutable; the annotation could be, later).
 */
public final class TokenMinter {
  static final long EXPIRATION_SECONDS = 10L * 365 * 24 * 3600;
  private final KubernetesClient virtual;

  public TokenMinter(KubernetesClient virtual) {
    this.virtual = virtual;
  }

  public String mint(Pod pod) {
    String account = pod.getSpec().getServiceAccountName() == null ? "default" : pod.getSpec().getServiceAccountName();
    TokenRequest request = new TokenRequestBuilder().withNewSpec()
        .withExpirationSeconds(EXPIRATION_SECONDS)
        .withNewBoundObjectRef("v1", "Pod", pod.getMetadata().getName(), pod.getMetadata().getUid())
        .endSpec().build();
    TokenRequest answer = virtual.serviceAccounts().inNamespace(pod.getMetadata().getNamespace()).withName(account)
        .tokenRequest(request);
    return answer.getStatus().getToken();
  }
}
