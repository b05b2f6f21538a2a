package dev.vkube.controller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * client-go leaderelection over a Lease: try to acquire or renew every retry period; a lease whose
 * renewTime is older than its duration may be taken over; a leader that cannot renew within the renew
 * deadline stops leading. Several vkube replicas over one etcd so run each controller once.
 */
public final class LeaderElector implements AutoCloseable {
  public static final Duration LEASE_DURATION = Duration.ofSeconds(15);
  public static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
  public static final Duration RETRY_PERIOD = Duration.ofSeconds(2);
  private static final Logger LOG = Logger.getLogger(LeaderElector.class.getName());
  private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(5);

  private final LeaseStore store;
  private final String identity;
  private final Duration leaseDuration;
  private final Duration renewDeadline;
  private final Duration retryPeriod;
  private final Clock clock;
  private final Runnable onStartedLeading;
  private final Runnable onStoppedLeading;
  private final ScheduledExecutorService thread;
  private volatile boolean leading;
  private Instant lastRenew = Instant.EPOCH;

  public LeaderElector(LeaseStore store, String identity, Duration leaseDuration, Duration renewDeadline,
      Duration retryPeriod, Clock clock, Runnable onStartedLeading, Runnable onStoppedLeading) {
    this.store = store;
    this.identity = identity;
    this.leaseDuration = leaseDuration;
    this.renewDeadline = renewDeadline;
    this.retryPeriod = retryPeriod;
    this.clock = clock;
    this.onStartedLeading = onStartedLeading;
    this.onStoppedLeading = onStoppedLeading;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "leader-election-" + identity);
      t.setDaemon(true);
      return t;
    });
  }

  public void start() {
    thread.scheduleWithFixedDelay(this::tick, 0, retryPeriod.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean leading() {
    return leading;
  }

  /** One attempt to acquire or renew; also drops leadership past the renew deadline. */
  void tick() {
    boolean renewed;
    try {
      renewed = tryAcquireOrRenew();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "lease attempt failed identity=" + identity, e);
      renewed = false;
    }
    Instant now = clock.instant();
    if (renewed) {
      lastRenew = now;
      if (!leading) {
        leading = true;
        onStartedLeading.run();
      }
    } else if (leading && Duration.between(lastRenew, now).compareTo(renewDeadline) > 0) {
      leading = false;
      onStoppedLeading.run();
    }
  }

  private boolean tryAcquireOrRenew() {
    Instant now = clock.instant();
    Optional<Lease> current = store.get();
    int seconds = (int) leaseDuration.toSeconds();
    if (current.isEmpty()) {
      return store.create(new Lease(identity, seconds, now, now, 0, null));
    }
    Lease lease = current.get();
    if (identity.equals(lease.holderIdentity())) {
      return store.update(new Lease(identity, seconds, lease.acquireTime(), now, lease.leaseTransitions(),
          lease.resourceVersion()));
    }
    Instant expiry = lease.renewTime() == null ? Instant.EPOCH
        : lease.renewTime().plusSeconds(lease.leaseDurationSeconds());
    if (lease.holderIdentity() != null && !lease.holderIdentity().isEmpty() && expiry.isAfter(now)) {
      return false;
    }
    return store.update(new Lease(identity, seconds, now, now, lease.leaseTransitions() + 1,
        lease.resourceVersion()));
  }

  /**
   * Stops, and a leader releases its lease (client-go's ReleaseOnCancel: holder cleared, duration 1 s),
   * so a restarted process or another replica takes over at once instead of after the lease duration.
   */
  @Override
  public void close() {
    thread.shutdownNow();
    if (leading) {
      leading = false;
      onStoppedLeading.run();
      release();
    }
  }

  /**
   * Best effort and bounded, as client-go's release: a store that no longer answers (its storage
   * already closing) must not keep the process from exiting; the lease then simply expires.
   */
  private void release() {
    CompletableFuture<Void> released = CompletableFuture.runAsync(() -> store.get()
        .filter(l -> identity.equals(l.holderIdentity())).ifPresent(l -> store.update(new Lease("", 1,
            clock.instant(), clock.instant(), l.leaseTransitions(), l.resourceVersion()))));
    try {
      released.get(RELEASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(Level.FINE, "lease release failed identity=" + identity, e);
    }
  }
}
