package dev.vkube.syncer.translate;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Objects;

/** ConfigMaps used by pods: data copied under the translated name. */
public final class ConfigMapTranslator {
  public ConfigMap toHost(ConfigMap virtual, TranslationContext ctx) {
    return new ConfigMapBuilder()
        .withMetadata(HostMetadata.of(virtual, ctx))
        .withData(Copies.deep(virtual.getData()))
        .withBinaryData(Copies.deep(virtual.getBinaryData()))
        .withImmutable(virtual.getImmutable())
        .build();
  }

  public boolean differs(ConfigMap desired, ConfigMap actual) {
    return HostMetadata.differs(desired.getMetadata(), actual.getMetadata())
        || !Objects.equals(emptyToNull(desired.getData()), emptyToNull(actual.getData()))
        || !Objects.equals(emptyToNull(desired.getBinaryData()), emptyToNull(actual.getBinaryData()));
  }

  static <M extends java.util.Map<?, ?>> M emptyToNull(M map) {
    return map == null || map.isEmpty() ? null : map;
  }
}
