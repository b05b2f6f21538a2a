package dev.vkube.apiserver.storage.etcd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.storage.Claims;
import dev.vkube.apiserver.storage.DeleteValidation;
import dev.vkube.apiserver.storage.ListOptions;
import dev.vkube.apiserver.storage.ListResult;
import dev.vkube.apiserver.storage.Preconditions;
import dev.vkube.apiserver.storage.Storage;
import dev.vkube.apiserver.storage.StorageException;
import dev.vkube.apiserver.storage.StoredObject;
import dev.vkube.apiserver.storage.UpdateFunction;
import dev.vkube.apiserver.storage.WatchHandle;
import dev.vkube.apiserver.storage.WatchListener;
import dev.vkube.apiserver.storage.WatchOptions;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Storage} on etcd, following k8s.io/apiserver's etcd3 store: values are the object's JSON
 * without resourceVersion, resourceVersion is the key's mod revision, creates compare "key absent",
 * updates and deletes compare the mod revision they read and retry on a race.
 *
 * <p>Callbacks that do real work (decoding lists, the caller's update function and delete validation)
 * run on {@code executor}; jetcd's own threads only complete futures. Returned stages complete on one
 * of those threads, so callers hop to their own (the HTTP layer: {@code Future.fromCompletionStage(stage,
 * ctx)}) before doing more than a little work. {@link #watch} is a thin etcd watch per caller; clients
 * are served watches by the cache ({@code storage.cache.CachedStorage}).
 */
public final class EtcdStorage implements Storage, AutoCloseable {
  /** kube-apiserver sends a bookmark to a watcher about once a minute. */
  public static final Duration DEFAULT_BOOKMARK_INTERVAL = Duration.ofMinutes(1);
  public static final int WORKER_THREADS_MIN = 2;
  // A key nobody writes: a linearizable read of it yields etcd's current revision cheaply.
  private static final ByteSequence REVISION_PROBE_KEY = EtcdCodec.bytes("\u0000vkube-revision-probe");
  private static final GetOption COUNT_ONLY = GetOption.builder().withCountOnly(true).build();

  private final Client client;
  private final KV kv;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final Duration bookmarkInterval;
  private final ScheduledExecutorService timer;
  private final EtcdLister lister;

  /**
   * Over {@code client} (build it with {@link #clientBuilder}), with a pool of its own ({@value
   * #WORKER_THREADS_MIN} threads or one per core) for decoding and callers' functions; {@link #close()}
   * stops it.
   */
  public EtcdStorage(Client client) {
    this(client, newWorkerPool(), DEFAULT_BOOKMARK_INTERVAL, true);
  }

  /**
   * @param executor runs decoding and callers' functions (not jetcd's threads); the caller owns it
   * @param bookmarkInterval how often a watch with allowBookmarks gets a BOOKMARK
   */
  public EtcdStorage(Client client, Executor executor, Duration bookmarkInterval) {
    this(client, executor, bookmarkInterval, false);
  }

  private EtcdStorage(Client client, Executor executor, Duration bookmarkInterval, boolean ownsExecutor) {
    this.client = Objects.requireNonNull(client);
    this.kv = client.getKVClient();
    this.executor = Objects.requireNonNull(executor);
    this.ownedExecutor = ownsExecutor ? (ExecutorService) executor : null;
    this.bookmarkInterval = Objects.requireNonNull(bookmarkInterval);
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "vkube-etcd-watch-timer");
      thread.setDaemon(true);
      return thread;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    this.timer = scheduler;
    this.lister = new EtcdLister(client, executor);
  }

  /**
   * A jetcd client builder for {@code endpoints} with what storage needs: no cap on response size (a
   * list can be far above gRPC's 4 MiB default; kube-apiserver sets MaxCallRecvMsgSize to MaxInt32).
   */
  public static ClientBuilder clientBuilder(String... endpoints) {
    return Client.builder().endpoints(endpoints).maxInboundMessageSize(Integer.MAX_VALUE);
  }

  /**
   * A client's resourceVersion as a revision; fails with {@code INVALID_CONTINUE} (storage's 400) when
   * it is not a non-negative integer.
   */
  public static long parseResourceVersion(String resourceVersion) {
    return ListPlan.parseResourceVersion(resourceVersion);
  }

  @Override
  public CompletionStage<StoredObject> create(String key, ObjectNode object, Claims claims) {
    EtcdCodec.Encoded encoded;
    ClaimOps ops;
    try {
      encoded = EtcdCodec.encode(object);
      ops = ClaimOps.of(claims.change(null, object));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    ByteSequence k = EtcdCodec.bytes(key);
    return kv.txn()
        .If(ops.compares(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0))))
        .Then(ops.writes(Op.put(k, ByteSequence.from(encoded.bytes()), PutOption.DEFAULT)))
        .Else(ops.reads(Op.get(k, COUNT_ONLY)))
        .commit()
        .handle((txn, failure) -> {
          if (failure != null) {
            throw asCompletion(EtcdFailures.translate(failure, key));
          }
          if (!txn.isSucceeded()) {
            if (txn.getGetResponses().get(0).getCount() > 0) {
              throw new StorageException(StorageException.Code.KEY_EXISTS, key, "key exists: " + key);
            }
            throw ops.taken(txn.getGetResponses());
          }
          return encoded.stored(key, txn.getHeader().getRevision());
        });
  }

  @Override
  public CompletionStage<StoredObject> get(String key) {
    return read(key).thenApply(current -> {
      if (current == null) {
        throw notFound(key);
      }
      return current.object();
    });
  }

  @Override
  public CompletionStage<ListResult> list(String prefix, ListOptions options) {
    return lister.list(prefix, options);
  }

  @Override
  public CompletionStage<StoredObject> guaranteedUpdate(
      String key, Preconditions preconditions, boolean ignoreNotFound, UpdateFunction update, Claims claims) {
    CompletableFuture<StoredObject> result = new CompletableFuture<>();
    read(key).whenCompleteAsync((current, failure) -> {
      if (failure != null) {
        result.completeExceptionally(EtcdFailures.translate(failure, key));
      } else {
        tryUpdate(new Update(key, preconditions, ignoreNotFound, update, claims, result), current);
      }
    }, executor);
    return result;
  }

  @Override
  public CompletionStage<StoredObject> delete(String key, Preconditions preconditions, DeleteValidation validation,
      Claims claims) {
    CompletableFuture<StoredObject> result = new CompletableFuture<>();
    read(key).whenCompleteAsync((current, failure) -> {
      if (failure != null) {
        result.completeExceptionally(EtcdFailures.translate(failure, key));
      } else {
        tryDelete(new Delete(key, preconditions, validation, claims, result), current);
      }
    }, executor);
    return result;
  }

  @Override
  public WatchHandle watch(String prefix, WatchOptions options, WatchListener listener) {
    EtcdWatch watch = new EtcdWatch(this, client, executor, timer, bookmarkInterval, prefix, options, listener);
    watch.start();
    return watch;
  }

  @Override
  public CompletionStage<Long> currentRevision() {
    return kv.get(REVISION_PROBE_KEY, GetOption.builder().withCountOnly(true).build())
        .handle((response, failure) -> {
          if (failure != null) {
            throw asCompletion(EtcdFailures.translate(failure, null));
          }
          return response.getHeader().getRevision();
        });
  }

  /** Stops the bookmark timer and the pool it owns; the client belongs to the caller and stays open. */
  @Override
  public void close() {
    timer.shutdownNow();
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
  }

  private static ExecutorService newWorkerPool() {
    AtomicInteger count = new AtomicInteger();
    int threads = Math.max(WORKER_THREADS_MIN, Runtime.getRuntime().availableProcessors());
    return Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "vkube-etcd-worker-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** What a write must compare against: the decoded object and the exact bytes etcd holds. */
  private record Current(StoredObject object, byte[] raw) {
    static Current of(GetResponse response) {
      List<KeyValue> kvs = response.getKvs();
      if (kvs.isEmpty()) {
        return null;
      }
      KeyValue kv = kvs.get(0);
      return new Current(EtcdCodec.decode(kv), kv.getValue().getBytes());
    }
  }

  private record Update(
      String key, Preconditions preconditions, boolean ignoreNotFound, UpdateFunction function, Claims claims,
      CompletableFuture<StoredObject> result) {}

  private record Delete(
      String key, Preconditions preconditions, DeleteValidation validation, Claims claims,
      CompletableFuture<StoredObject> result) {}

  private CompletableFuture<Current> read(String key) {
    return kv.get(EtcdCodec.bytes(key)).handle((response, failure) -> {
      if (failure != null) {
        throw asCompletion(EtcdFailures.translate(failure, key));
      }
      return Current.of(response);
    });
  }

  /** One round of GuaranteedUpdate: check, apply, skip a no-op, else compare-and-put (retry on a race). */
  private void tryUpdate(Update update, Current current) {
    try {
      if (current == null && !update.ignoreNotFound()) {
        throw notFound(update.key());
      }
      checkPreconditions(update.key(), update.preconditions(), current);
      ObjectNode next = update.function().apply(current == null ? null : current.object());
      EtcdCodec.Encoded encoded = EtcdCodec.encode(Objects.requireNonNull(next, "update function returned null"));
      if (current != null && Arrays.equals(encoded.bytes(), current.raw())) {
        update.result().complete(current.object());
        return;
      }
      ByteSequence k = EtcdCodec.bytes(update.key());
      long expected = current == null ? 0 : current.object().modRevision();
      ClaimOps ops = ClaimOps.of(update.claims().change(current == null ? null : current.object().object(), next));
      kv.txn()
          .If(ops.compares(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expected))))
          .Then(ops.writes(Op.put(k, ByteSequence.from(encoded.bytes()), PutOption.DEFAULT)))
          .Else(ops.reads(Op.get(k, GetOption.DEFAULT)))
          .commit()
          .whenCompleteAsync((txn, failure) -> {
            if (failure != null) {
              update.result().completeExceptionally(EtcdFailures.translate(failure, update.key()));
            } else if (txn.isSucceeded()) {
              update.result().complete(encoded.stored(update.key(), txn.getHeader().getRevision()));
            } else {
              Current now = Current.of(txn.getGetResponses().get(0));
              if ((now == null ? 0 : now.object().modRevision()) != expected) {
                tryUpdate(update, now);
              } else {
                update.result().completeExceptionally(ops.taken(txn.getGetResponses()));
              }
            }
          }, executor);
    } catch (Throwable e) {
      update.result().completeExceptionally(EtcdFailures.unwrap(e));
    }
  }

  /** One round of conditionalDelete (releasing the object's claims); the result is the last state with the deletion revision. */
  private void tryDelete(Delete delete, Current current) {
    String key = delete.key();
    try {
      if (current == null) {
        throw notFound(key);
      }
      checkPreconditions(key, delete.preconditions(), current);
      delete.validation().check(current.object());
      ByteSequence k = EtcdCodec.bytes(key);
      ClaimOps ops = ClaimOps.of(delete.claims().change(current.object().object(), null));
      kv.txn()
          .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(current.object().modRevision())))
          .Then(ops.writes(Op.delete(k, DeleteOption.DEFAULT)))
          .Else(Op.get(k, GetOption.DEFAULT))
          .commit()
          .whenCompleteAsync((txn, failure) -> {
            if (failure != null) {
              delete.result().completeExceptionally(EtcdFailures.translate(failure, key));
            } else if (txn.isSucceeded()) {
              delete.result().complete(EtcdCodec.decode(key, current.raw(), txn.getHeader().getRevision()));
            } else {
              tryDelete(delete, Current.of(txn.getGetResponses().get(0)));
            }
          }, executor);
    } catch (Throwable e) {
      delete.result().completeExceptionally(EtcdFailures.unwrap(e));
    }
  }

  /** storage.Preconditions.Check: an absent object has an empty uid and resourceVersion. */
  private static void checkPreconditions(String key, Preconditions preconditions, Current current) {
    if (preconditions == null) {
      return;
    }
    String uid = current == null ? "" : current.object().object().path("metadata").path("uid").asText("");
    String rv = current == null ? "" : Long.toString(current.object().modRevision());
    if (preconditions.uid() != null && !preconditions.uid().equals(uid)) {
      throw new StorageException(StorageException.Code.PRECONDITION_FAILED, key,
          "Precondition failed: UID in precondition: " + preconditions.uid() + ", UID in object meta: " + uid);
    }
    if (preconditions.resourceVersion() != null && !preconditions.resourceVersion().equals(rv)) {
      throw new StorageException(StorageException.Code.PRECONDITION_FAILED, key,
          "Precondition failed: ResourceVersion in precondition: " + preconditions.resourceVersion()
              + ", ResourceVersion in object meta: " + rv);
    }
  }

  private static StorageException notFound(String key) {
    return new StorageException(StorageException.Code.KEY_NOT_FOUND, key, "key not found: " + key);
  }

  /** Throwing from a stage wraps in CompletionException anyway; doing it here keeps the cause intact. */
  private static RuntimeException asCompletion(Throwable e) {
    return e instanceof RuntimeException re ? re : new CompletionException(e);
  }
}
