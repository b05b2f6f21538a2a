package dev.vkube.syncer.translate;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import java.util.Objects;

/**
 * PersistentVolumeClaims down: the spec as the tenant wrote it, with the volume left for the host to
 * bind (a virtual volumeName names a virtual PV, meaningless on the host) and a PVC data source renamed
 * to its host copy. Binding and the volume come back up ({@code PersistentVolumeClaimStatusUp}).
 */
public final class PersistentVolumeClaimTranslator {
  public PersistentVolumeClaim toHost(PersistentVolumeClaim virtual, TranslationContext ctx) {
    PersistentVolumeClaimSpec spec = Copies.deep(virtual.getSpec());
    String ns = virtual.getMetadata().getNamespace();
    spec.setVolumeName(null);
    if (spec.getDataSource() != null && "PersistentVolumeClaim".equals(spec.getDataSource().getKind())) {
      spec.getDataSource().setName(ctx.names().hostName(ns, spec.getDataSource().getName()));
    }
    if (spec.getDataSourceRef() != null && "PersistentVolumeClaim".equals(spec.getDataSourceRef().getKind())) {
      spec.getDataSourceRef().setName(ctx.names().hostName(ns, spec.getDataSourceRef().getName()));
    }
    return new PersistentVolumeClaimBuilder().withMetadata(HostMetadata.of(virtual, ctx)).withSpec(spec).build();
  }

  /** A claim's spec is immutable but for its size: only metadata and the requested resources are updated. */
  public boolean differs(PersistentVolumeClaim desired, PersistentVolumeClaim actual) {
    return HostMetadata.differs(desired.getMetadata(), actual.getMetadata())
        || !Objects.equals(desired.getSpec().getResources(), actual.getSpec().getResources());
  }

  public PersistentVolumeClaim merge(PersistentVolumeClaim desired, PersistentVolumeClaim actual) {
    PersistentVolumeClaim out = Copies.deep(actual);
    out.getMetadata().setLabels(desired.getMetadata().getLabels());
    out.getMetadata().setAnnotations(desired.getMetadata().getAnnotations());
    out.getSpec().setResources(desired.getSpec().getResources());
    return out;
  }
}
