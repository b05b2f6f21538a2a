package dev.vkube.apiserver.controllers;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A minimal level-based work loop: keys are queued once however often they are added, reconciled one
 * at a time on one thread, and retried after a delay while the reconcile says so or fails. (The shared
 * controller runtime of issue 5 replaces it with rate-limited queues.)
 */
final class KeyedWorker implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KeyedWorker.class.getName());
  private final ScheduledExecutorService thread;
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final Predicate<String> reconcile;
  private final long retryMillis;

  /** {@code reconcile} returns true when the key is done, false to retry it later. */
  KeyedWorker(String name, Predicate<String> reconcile, long retryMillis) {
    this.reconcile = reconcile;
    this.retryMillis = retryMillis;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  void add(String key) {
    enqueue(key, 0);
  }

  void schedule(Runnable action, long delayMillis) {
    thread.schedule(action, delayMillis, TimeUnit.MILLISECONDS);
  }

  private void enqueue(String key, long delayMillis) {
    if (queued.add(key)) {
      thread.schedule(() -> run(key), delayMillis, TimeUnit.MILLISECONDS);
    }
  }

  private void run(String key) {
    queued.remove(key);
    boolean done;
    try {
      done = reconcile.test(key);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "reconcile failed, will retry key=" + key, e);
      done = false;
    }
    if (!done) {
      enqueue(key, retryMillis);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
