package dev.vkube.syncer;

import dev.vkube.syncer.names.Markers;
import dev.vkube.syncer.sync.ObjectKey;
import dev.vkube.syncer.sync.Side;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The syncer's informers: every namespace of the virtual cluster; only objects marked as ours in the
 * host namespace (the syncer needs no rights beyond it). Created unstarted so handlers are in place
 * before the first event, then started together and awaited until synced.
 */
final class Informers {
  private final String hostNamespace;
  private final String vclusterName;
  private final List<AutoCloseable> closeables;
  private final List<SharedIndexInformer<?>> all = new ArrayList<>();

  Informers(KubernetesClient virtual, KubernetesClient host, String hostNamespace, String vclusterName,
      List<AutoCloseable> closeables) {
    this.hostNamespace = hostNamespace;
    this.vclusterName = vclusterName;
    this.closeables = closeables;
  }

  <T extends HasMetadata, L extends KubernetesResourceList<T>, R extends Resource<T>> Side<T> virtual(
      MixedOperation<T, L, R> op) {
    return track(op, op.inAnyNamespace().runnableInformer(0));
  }

  <T extends HasMetadata, L extends KubernetesResourceList<T>, R extends Resource<T>> Side<T> host(
      MixedOperation<T, L, R> op) {
    return track(op, op.inNamespace(hostNamespace).withLabel(Markers.MANAGED_BY_LABEL, vclusterName)
        .runnableInformer(0));
  }

  private <T extends HasMetadata, L extends KubernetesResourceList<T>, R extends Resource<T>> Side<T> track(
      MixedOperation<T, L, R> op, SharedIndexInformer<T> informer) {
    all.add(informer);
    closeables.add(informer::close);
    @SuppressWarnings({"unchecked", "rawtypes"})
    Side<T> side = new Side<>((MixedOperation) op, informer);
    return side;
  }

  /** A cluster-scoped informer (nodes), started with the others. */
  <T extends HasMetadata> SharedIndexInformer<T> cluster(SharedIndexInformer<T> informer) {
    all.add(informer);
    closeables.add(informer::close);
    return informer;
  }

  <T extends HasMetadata> void onVirtual(Side<T> side, Consumer<T> handler) {
    side.informer().addEventHandler(handler(handler));
  }

  /** Host events are queued under the virtual key their ownership annotations name. */
  <T extends HasMetadata> void onHost(Side<T> side, Consumer<ObjectKey> handler) {
    side.informer().addEventHandler(handler(h -> ObjectKey.ofHost(h).ifPresent(handler)));
  }

  void startAll() {
    CompletableFuture.allOf(all.stream().map(i -> i.start().toCompletableFuture()).toArray(CompletableFuture[]::new))
        .join();
  }

  static <T extends HasMetadata> Set<ObjectKey> allKeys(Side<T> virtual, Side<T> host) {
    Set<ObjectKey> keys = new LinkedHashSet<>();
    virtual.list().forEach(o -> keys.add(ObjectKey.of(o)));
    host.list().forEach(o -> ObjectKey.ofHost(o).ifPresent(keys::add));
    return keys;
  }

  static <T> ResourceEventHandler<T> handler(Consumer<T> consumer) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        consumer.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        consumer.accept(oldObj);
        consumer.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        consumer.accept(obj);
      }
    };
  }
}
