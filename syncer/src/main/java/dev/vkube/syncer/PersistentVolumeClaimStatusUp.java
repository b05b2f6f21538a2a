package dev.vkube.syncer;

import dev.vkube.syncer.sync.DownwardSyncReconciler;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;

/**
 * Host to virtual for claims: the claim's status, and once the host has bound it, a virtual
 * PersistentVolume of the host volume's name bound to the virtual claim (vCluster's fake persistent
 * volumes: the tenant sees its claim Bound to a volume it can inspect, not the host's volume source),
 * with the virtual claim's volumeName set to it. {@link VirtualVolumeReconciler} deletes it with the claim.
 */
final class PersistentVolumeClaimStatusUp implements DownwardSyncReconciler.AfterSync<PersistentVolumeClaim> {
  static final String DRIVER = "vkube.dev/host-volume";
  private final KubernetesClient virtual;

  PersistentVolumeClaimStatusUp(KubernetesClient virtual) {
    this.virtual = virtual;
  }

  @Override
  public void apply(PersistentVolumeClaim v, PersistentVolumeClaim h) {
    var claims = virtual.persistentVolumeClaims().inNamespace(v.getMetadata().getNamespace());
    String volume = h.getSpec().getVolumeName();
    boolean bound = h.getStatus() != null && "Bound".equals(h.getStatus().getPhase()) && volume != null
        && !volume.isEmpty();
    if (bound) {
      ensureVolume(v, h, volume);
      if (v.getSpec().getVolumeName() == null || v.getSpec().getVolumeName().isEmpty()) {
        v = claims.withName(v.getMetadata().getName()).edit(c -> {
          c.getSpec().setVolumeName(volume);
          return c;
        });
      }
    }
    if (h.getStatus() != null && !Objects.equals(h.getStatus(), v.getStatus())) {
      v.setStatus(h.getStatus());
      claims.resource(v).updateStatus();
    }
  }

  private void ensureVolume(PersistentVolumeClaim v, PersistentVolumeClaim h, String name) {
    if (virtual.persistentVolumes().withName(name).get() != null) {
      return;
    }
    PersistentVolume pv = new PersistentVolumeBuilder().withNewMetadata().withName(name)
        .addToLabels(VirtualVolumeReconciler.LABEL, "true").endMetadata()
        .withNewSpec().withCapacity(h.getStatus().getCapacity()).withAccessModes(h.getStatus().getAccessModes())
        .withStorageClassName(h.getSpec().getStorageClassName()).withVolumeMode(h.getSpec().getVolumeMode())
        .withPersistentVolumeReclaimPolicy("Delete")
        .withNewCsi().withDriver(DRIVER).withVolumeHandle(name).endCsi()
        .withNewClaimRef().withApiVersion("v1").withKind("PersistentVolumeClaim")
        .withNamespace(v.getMetadata().getNamespace()).withName(v.getMetadata().getName())
        .withUid(v.getMetadata().getUid()).endClaimRef()
        .endSpec().build();
    try {
      virtual.persistentVolumes().resource(pv).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
    virtual.persistentVolumes().withName(name).editStatus(p -> {
      p.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeStatusBuilder().withPhase("Bound").build());
      return p;
    });
  }
}
