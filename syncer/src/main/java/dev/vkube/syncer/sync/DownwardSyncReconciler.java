package dev.vkube.syncer.sync;

import dev.vkube.controller.Reconciler;
import dev.vkube.controller.Result;
import dev.vkube.syncer.names.NameTranslator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * Virtual to host for one kind, level-based: the host copy exists, equal to the translation, exactly
 * while the virtual object exists and is {@code wanted}; a host copy we own whose original is gone or
 * unwanted is deleted. Host objects not marked as ours are never touched.
 */
public final class DownwardSyncReconciler<T extends HasMetadata> implements Reconciler<ObjectKey> {
  private static final Logger LOG = Logger.getLogger(DownwardSyncReconciler.class.getName());

  /** How one kind is translated and compared; {@code merge(desired, actual)} is the update to send. */
  public record Kind<T>(Function<T, T> toHost, BiPredicate<T, T> differs, BiFunction<T, T, T> merge) {
  }

  /** A step after the host copy is in place (service status flowing back); nothing by default. */
  public interface AfterSync<T> {
    void apply(T virtual, T host) throws Exception;
  }

  private final String kind;
  private final Side<T> virtual;
  private final Side<T> host;
  private final String hostNamespace;
  private final NameTranslator names;
  private final Kind<T> translator;
  private final Predicate<ObjectKey> wanted;
  private final AfterSync<T> after;

  public DownwardSyncReconciler(String kind, Side<T> virtual, Side<T> host, String hostNamespace,
      NameTranslator names, Kind<T> translator, Predicate<ObjectKey> wanted, AfterSync<T> after) {
    this.kind = kind;
    this.virtual = virtual;
    this.host = host;
    this.hostNamespace = hostNamespace;
    this.names = names;
    this.translator = translator;
    this.wanted = wanted;
    this.after = after;
  }

  @Override
  public Result reconcile(ObjectKey key) throws Exception {
    T v = virtual.get(key.namespace(), key.name());
    String hostName = names.hostName(key.namespace(), key.name());
    T h = host.get(hostNamespace, hostName);
    boolean keep = v != null && v.getMetadata().getDeletionTimestamp() == null && wanted.test(key);
    if (h != null && !names.isManaged(h.getMetadata().getLabels(), h.getMetadata().getAnnotations(), hostName)) {
      // Not ours (the host's endpoints controller makes Endpoints for synced Services with selectors).
      if (keep) {
        LOG.warning("host object exists and is not ours kind=" + kind + " host=" + hostNamespace + "/" + hostName);
      }
      return Result.done();
    }
    if (!keep) {
      if (h != null) {
        host.api().inNamespace(hostNamespace).withName(hostName).delete();
      }
      return Result.done();
    }
    T desired = translator.toHost().apply(v);
    if (h == null) {
      h = host.api().inNamespace(hostNamespace).resource(desired).create();
    } else if (translator.differs().test(desired, h)) {
      h = host.api().inNamespace(hostNamespace).resource(translator.merge().apply(desired, h)).update();
    }
    after.apply(v, h);
    return Result.done();
  }
}
