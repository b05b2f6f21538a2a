package dev.vkube.apiserver.storage.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Compacts etcd like kube-apiserver (etcd3/compact.go): every interval, compact to the revision seen at
 * the previous tick, so history of at least one interval is kept. Several servers on one etcd (HA
 * replicas, or tenants sharing it) coordinate through the version of the unprefixed key {@code
 * compact_rev_key}: only the one whose compare-and-swap wins a tick compacts.
 */
public final class Compactor implements AutoCloseable {
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
  /** The key upstream uses, outside any --etcd-prefix so every server on this etcd sees it. */
  static final ByteSequence COMPACT_REV_KEY = EtcdCodec.bytes("compact_rev_key");
  private static final System.Logger LOG = System.getLogger(Compactor.class.getName());

  private final Client client;
  private final Duration interval;
  private final ScheduledThreadPoolExecutor timer;
  // Touched by the timer thread's ticks only, one at a time.
  private long lastVersion;
  private long lastRevision;

  public Compactor(Client client) {
    this(client, DEFAULT_INTERVAL);
  }

  public Compactor(Client client, Duration interval) {
    this.client = client;
    this.interval = interval;
    this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "vkube-etcd-compactor");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Ticks every interval from now on (the first tick only records the revision). */
  public Compactor start() {
    long millis = interval.toMillis();
    timer.scheduleWithFixedDelay(this::tickAndWait, millis, millis, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * One tick: claim it with a compare-and-swap on compact_rev_key's version, then compact to the
   * revision seen at the previous tick. Completes with the revision compacted to, 0 if none.
   */
  public CompletionStage<Long> tick() {
    ByteSequence value = EtcdCodec.bytes(Long.toString(lastRevision));
    return client.getKVClient().txn()
        .If(new Cmp(COMPACT_REV_KEY, Cmp.Op.EQUAL, CmpTarget.version(lastVersion)))
        .Then(Op.put(COMPACT_REV_KEY, value, PutOption.DEFAULT))
        .Else(Op.get(COMPACT_REV_KEY, GetOption.DEFAULT))
        .commit()
        .thenCompose(this::afterClaim);
  }

  private CompletionStage<Long> afterClaim(TxnResponse claim) {
    long compactTo = lastRevision;
    lastRevision = claim.getHeader().getRevision();
    if (!claim.isSucceeded()) {
      // Another server compacted this round; follow its count.
      lastVersion = claim.getGetResponses().get(0).getKvs().get(0).getVersion();
      return CompletableFuture.completedFuture(0L);
    }
    lastVersion++;
    if (compactTo == 0) {
      return CompletableFuture.completedFuture(0L);
    }
    return client.getKVClient().compact(compactTo).handle((response, failure) -> {
      if (failure != null && !EtcdFailures.isCompacted(failure)) {
        LOG.log(Level.WARNING, "etcd compaction failed revision=" + compactTo, EtcdFailures.unwrap(failure));
        return 0L;
      }
      LOG.log(Level.DEBUG, "etcd compacted revision=" + compactTo);
      return compactTo;
    });
  }

  private void tickAndWait() {
    try {
      tick().toCompletableFuture().get(interval.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "etcd compaction tick failed", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
