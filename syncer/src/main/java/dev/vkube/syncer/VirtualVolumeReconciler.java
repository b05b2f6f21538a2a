package dev.vkube.syncer;

import dev.vkube.controller.Reconciler;
import dev.vkube.controller.Result;
import dev.vkube.syncer.sync.Side;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;

/**
 * Removes the virtual PersistentVolumes the syncer made for bound claims ({@link PersistentVolumeClaimStatusUp})
 * once their claim is gone, as vCluster's fake persistent-volume syncer does (a fake volume lives while a
 * claim uses it): the claim its claimRef names no longer exists, or is another object of the same name
 * (another uid). Volumes without our label, the tenant's own, are never touched.
 */
final class VirtualVolumeReconciler implements Reconciler<String> {
  static final String LABEL = "vkube.dev/synced-volume";
  private final SharedIndexInformer<PersistentVolume> volumes;
  private final Side<PersistentVolumeClaim> claims;
  private final KubernetesClient virtual;

  VirtualVolumeReconciler(SharedIndexInformer<PersistentVolume> volumes, Side<PersistentVolumeClaim> claims,
      KubernetesClient virtual) {
    this.volumes = volumes;
    this.claims = claims;
    this.virtual = virtual;
  }

  @Override
  public Result reconcile(String name) {
    PersistentVolume pv = volumes.getStore().getByKey(name);
    if (pv == null || pv.getMetadata().getDeletionTimestamp() != null || !claimGone(pv)) {
      return Result.done();
    }
    virtual.persistentVolumes().withName(name).delete();
    return Result.done();
  }

  private boolean claimGone(PersistentVolume pv) {
    ObjectReference ref = pv.getSpec() == null ? null : pv.getSpec().getClaimRef();
    if (ref == null) {
      return true;
    }
    PersistentVolumeClaim claim = claims.get(ref.getNamespace(), ref.getName());
    return claim == null || (ref.getUid() != null && !ref.getUid().equals(claim.getMetadata().getUid()));
  }

  List<String> keys() {
    return volumes.getStore().list().stream().map(p -> p.getMetadata().getName()).toList();
  }
}
