package dev.vkube.controller;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A work queue with client-go's semantics: a key is processed by at most one worker at a time; adds
 * while it is queued are coalesced, adds while it is being processed mark it dirty so it runs once
 * more after {@link #done}. Delayed and rate-limited adds go through a timer.
 */
public final class WorkQueue<K> implements AutoCloseable {
  private final Deque<K> queue = new ArrayDeque<>();
  private final Set<K> dirty = new HashSet<>();
  private final Set<K> processing = new HashSet<>();
  private final RateLimiter<K> limiter;
  private final ScheduledExecutorService timer;
  private boolean shuttingDown;

  public WorkQueue(String name, Clock clock) {
    this.limiter = new RateLimiter<>(clock);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name + "-delays");
      t.setDaemon(true);
      return t;
    });
  }

  public synchronized void add(K key) {
    if (shuttingDown || dirty.contains(key)) {
      return;
    }
    dirty.add(key);
    if (!processing.contains(key)) {
      queue.addLast(key);
      notifyAll();
    }
  }

  public void addAfter(K key, Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      add(key);
      return;
    }
    synchronized (this) {
      if (shuttingDown) {
        return;
      }
    }
    timer.schedule(() -> add(key), delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Adds after the key's backoff (a failure or a requeue). */
  public void addRateLimited(K key) {
    addAfter(key, limiter.when(key));
  }

  /** The key succeeded: its backoff starts over. */
  public void forget(K key) {
    limiter.forget(key);
  }

  public int retries(K key) {
    return limiter.retries(key);
  }

  /** The next key to process, waiting for one; null once shut down. */
  public synchronized K take() throws InterruptedException {
    while (queue.isEmpty() && !shuttingDown) {
      wait();
    }
    if (queue.isEmpty()) {
      return null;
    }
    K key = queue.pollFirst();
    processing.add(key);
    dirty.remove(key);
    return key;
  }

  /** Processing of {@code key} finished; if it was added meanwhile it is queued again. */
  public synchronized void done(K key) {
    processing.remove(key);
    if (dirty.contains(key)) {
      queue.addLast(key);
      notifyAll();
    }
  }

  public synchronized int length() {
    return queue.size();
  }

  @Override
  public synchronized void close() {
    shuttingDown = true;
    timer.shutdownNow();
    notifyAll();
  }
}
