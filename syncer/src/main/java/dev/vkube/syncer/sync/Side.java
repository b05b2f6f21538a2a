package dev.vkube.syncer.sync;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;

/**
 * One kind on one side (virtual or host): its client operation and its informer, read through the
 * informer's cache so reconciles cost no API reads.
 */
public record Side<T extends HasMetadata>(MixedOperation<T, ? extends KubernetesResourceList<T>, Resource<T>> api,
    SharedIndexInformer<T> informer) {

  public T get(String namespace, String name) {
    return informer.getStore().getByKey(namespace + "/" + name);
  }

  public List<T> list() {
    return informer.getStore().list();
  }

  /**
   * Through the informer's namespace index (every fabric8 informer keeps one): filtering the whole
   * store cost a pass over every pod of the cluster each time a config map or secret was checked for
   * users, once per pod event (sync-bench profile, issue 6).
   */
  public List<T> inNamespace(String namespace) {
    return informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
  }
}
