package dev.vkube.syncer.translate;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Objects;

/**
 * Secrets used by pods. A service-account-token Secret becomes Opaque on the host, as in vCluster
 * (secrets/to_host_syncer.go): the host's token controller must not treat it as one of its own.
 */
public final class SecretTranslator {
  static final String SERVICE_ACCOUNT_TOKEN_TYPE = "kubernetes.io/service-account-token";
  static final String OPAQUE = "Opaque";

  public Secret toHost(Secret virtual, TranslationContext ctx) {
    String type = SERVICE_ACCOUNT_TOKEN_TYPE.equals(virtual.getType()) ? OPAQUE : virtual.getType();
    return new SecretBuilder()
        .withMetadata(HostMetadata.of(virtual, ctx))
        .withType(type)
        .withData(Copies.deep(virtual.getData()))
        .withStringData(Copies.deep(virtual.getStringData()))
        .withImmutable(virtual.getImmutable())
        .build();
  }

  public boolean differs(Secret desired, Secret actual) {
    return HostMetadata.differs(desired.getMetadata(), actual.getMetadata())
        || !Objects.equals(ConfigMapTranslator.emptyToNull(desired.getData()),
            ConfigMapTranslator.emptyToNull(actual.getData()));
  }
}
