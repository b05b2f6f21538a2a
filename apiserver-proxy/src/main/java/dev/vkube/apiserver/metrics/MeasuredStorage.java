package dev.vkube.apiserver.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.storage.Claims;
import dev.vkube.apiserver.storage.DeleteValidation;
import dev.vkube.apiserver.storage.ListOptions;
import dev.vkube.apiserver.storage.ListResult;
import dev.vkube.apiserver.storage.Preconditions;
import dev.vkube.apiserver.storage.Storage;
import dev.vkube.apiserver.storage.StoredObject;
import dev.vkube.apiserver.storage.UpdateFunction;
import dev.vkube.apiserver.storage.WatchHandle;
import dev.vkube.apiserver.storage.WatchListener;
import dev.vkube.apiserver.storage.WatchOptions;
import java.util.concurrent.CompletionStage;

/**
 * Times the storage calls that always reach etcd (create, get, update, delete) into
 * etcd_request_duration_seconds{operation, type}, type being the resource's key segment, as
 * k8s.io/apiserver pkg/storage/etcd3/metrics records them. Lists and watches pass through: the watch
 * cache serves most of them.
 */
public final class MeasuredStorage implements Storage {
  private final Storage delegate;
  private final ApiMetrics metrics;
  private final String etcdPrefix;

  public MeasuredStorage(Storage delegate, ApiMetrics metrics, String etcdPrefix) {
    this.delegate = delegate;
    this.metrics = metrics;
    this.etcdPrefix = etcdPrefix.endsWith("/") ? etcdPrefix : etcdPrefix + "/";
  }

  @Override
  public CompletionStage<StoredObject> create(String key, ObjectNode object, Claims claims) {
    return timed("create", key, delegate.create(key, object, claims));
  }

  @Override
  public CompletionStage<StoredObject> get(String key) {
    return timed("get", key, delegate.get(key));
  }

  @Override
  public CompletionStage<ListResult> list(String prefix, ListOptions options) {
    return delegate.list(prefix, options);
  }

  @Override
  public CompletionStage<StoredObject> guaranteedUpdate(String key, Preconditions preconditions,
      boolean ignoreNotFound, UpdateFunction update, Claims claims) {
    return timed("update", key, delegate.guaranteedUpdate(key, preconditions, ignoreNotFound, update, claims));
  }

  @Override
  public CompletionStage<StoredObject> delete(String key, Preconditions preconditions, DeleteValidation validation,
      Claims claims) {
    return timed("delete", key, delegate.delete(key, preconditions, validation, claims));
  }

  @Override
  public WatchHandle watch(String prefix, WatchOptions options, WatchListener listener) {
    return delegate.watch(prefix, options, listener);
  }

  @Override
  public CompletionStage<Long> currentRevision() {
    return delegate.currentRevision();
  }

  private <T> CompletionStage<T> timed(String operation, String key, CompletionStage<T> call) {
    long start = System.nanoTime();
    return call.whenComplete((value, failure) -> metrics.etcdRequest(operation, type(key),
        (System.nanoTime() - start) / 1e9));
  }

  /** "/registry/configmaps/ns/x" -> "configmaps"; "/registry/apps/..." is the resource path's first part. */
  private String type(String key) {
    String rest = key.startsWith(etcdPrefix) ? key.substring(etcdPrefix.length()) : key;
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }
}
