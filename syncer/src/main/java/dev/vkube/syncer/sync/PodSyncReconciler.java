package dev.vkube.syncer.sync;

import dev.vkube.controller.Reconciler;
import dev.vkube.controller.Result;
import dev.vkube.syncer.nodes.VirtualBinding;
import dev.vkube.syncer.translate.PodNetwork;
import dev.vkube.syncer.translate.PodStatusPatch;
import dev.vkube.syncer.translate.PodTranslator;
import dev.vkube.syncer.translate.Translation;
import dev.vkube.syncer.translate.TranslationContext;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Pods both ways (vCluster's pods/syncer.go): the virtual pod's spec goes down, the host pod's status
 * comes up. A virtual pod being deleted deletes its host pod, and is released (deleted for good, the
 * virtual cluster's kubelet role) once the host pod is gone. A refused pod gets an Event and a
 * condition instead of a host pod.
 */
public final class PodSyncReconciler implements Reconciler<ObjectKey> {
  private static final Logger LOG = Logger.getLogger(PodSyncReconciler.class.getName());
  /** How soon a pod waiting for its services' host cluster IPs is tried again. */
  static final Duration NETWORK_WAIT = Duration.ofMillis(500);

  private final Side<Pod> virtual;
  private final Side<Pod> host;
  private final TranslationContext ctx;
  private final PodTranslator translator;
  private final TokenMinter tokens;
  private final RefusalRecorder refusals;
  private final VirtualBinding binding;
  private final PodNetworkSource network;

  /**
   * {@code network}: the virtual DNS, services and API a pod's spec is given; null for none (the pod
   * keeps its DNS policy and gets no service variables).
   */
  public PodSyncReconciler(Side<Pod> virtual, Side<Pod> host, TranslationContext ctx, PodTranslator translator,
      TokenMinter tokens, RefusalRecorder refusals, VirtualBinding binding, PodNetworkSource network) {
    this.network = network;
    this.binding = binding;
    this.virtual = virtual;
    this.host = host;
    this.ctx = ctx;
    this.translator = translator;
    this.tokens = tokens;
    this.refusals = refusals;
  }

  @Override
  public Result reconcile(ObjectKey key) throws Exception {
    Pod v = virtual.get(key.namespace(), key.name());
    String hostName = ctx.names().hostName(key.namespace(), key.name());
    Pod h = host.get(ctx.hostNamespace(), hostName);
    if (h != null && !ctx.names().isManaged(h.getMetadata().getLabels(), h.getMetadata().getAnnotations(), hostName)) {
      LOG.warning("host pod exists and is not ours host=" + ctx.hostNamespace() + "/" + hostName);
      return Result.done();
    }
    if (v == null || v.getMetadata().getDeletionTimestamp() != null) {
      binding.forget(key.namespace(), key.name());
      return deleteDown(v, h, hostName);
    }
    if (h == null) {
      return create(v);
    }
    updateHost(v, h);
    statusUp(v, h);
    return binding.bind(v, h);
  }

  private Result create(Pod v) throws Exception {
    Optional<PodNetwork> net = network == null ? Optional.of(PodNetwork.NONE)
        : network.resolve(v.getMetadata().getNamespace());
    if (net.isEmpty()) {
      return Result.after(NETWORK_WAIT);
    }
    String token = PodTranslator.needsServiceAccountToken(v) ? tokens.mint(v) : null;
    Translation<Pod> t = translator.toHost(v, ctx, token, net.get());
    if (t.isRefused()) {
      refusals.record(v, t.refusals());
      return Result.done();
    }
    host.api().inNamespace(ctx.hostNamespace()).resource(t.host()).create();
    return Result.done();
  }

  private void updateHost(Pod v, Pod h) {
    Translation<Pod> t = translator.toHostForUpdate(v, ctx);
    if (!t.isRefused() && translator.differs(t.host(), h)) {
      host.api().inNamespace(ctx.hostNamespace()).resource(translator.merge(t.host(), h)).update();
    }
  }

  /** Host status is the truth for status; the virtual pod keeps its own when the host has none yet. */
  private void statusUp(Pod v, Pod h) {
    if (h.getStatus() == null || Objects.equals(v.getStatus(), h.getStatus())) {
      return;
    }
    // resource(v), not withName: without an item fabric8 GETs the pod before a patch.
    virtual.api().inNamespace(v.getMetadata().getNamespace()).resource(v)
        .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), PodStatusPatch.of(v, h));
  }

  private Result deleteDown(Pod v, Pod h, String hostName) {
    if (h != null) {
      if (h.getMetadata().getDeletionTimestamp() == null) {
        Long grace = v == null ? null : v.getMetadata().getDeletionGracePeriodSeconds();
        var op = host.api().inNamespace(ctx.hostNamespace()).withName(hostName);
        (grace == null ? op : op.withGracePeriod(grace)).delete();
      }
      return Result.done();
    }
    if (v != null) {
      virtual.api().inNamespace(v.getMetadata().getNamespace()).withName(v.getMetadata().getName())
          .withGracePeriod(0).delete();
    }
    return Result.done();
  }
}
