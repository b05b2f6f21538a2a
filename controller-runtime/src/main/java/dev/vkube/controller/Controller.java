package dev.vkube.controller;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a {@link Reconciler} over a {@link WorkQueue} with N worker threads: at most one reconcile per
 * key, failures retried with backoff, and a periodic resync that re-adds every known key so a missed
 * event is never final (level-based, like client-go controllers and JOSDK).
 */
public final class Controller<K> implements AutoCloseable {
  /**
   * Prefix of every thread a controller runs on (workers, resync timer, queue delays), so that its CPU
   * can be told apart from the API's in /proc/PID/task (deploy-bench sums the threads named so).
   */
  public static final String THREAD_PREFIX = "ctl-";
  private static final Logger LOG = Logger.getLogger(Controller.class.getName());
  private final String name;
  private final Reconciler<K> reconciler;
  private final WorkQueue<K> queue;
  private final int workers;
  private final Duration resync;
  private final Supplier<Collection<K>> allKeys;
  private final List<Thread> threads = new ArrayList<>();
  private final ScheduledExecutorService resyncTimer;
  private volatile boolean running;

  public Controller(String name, Reconciler<K> reconciler, int workers, Duration resync,
      Supplier<Collection<K>> allKeys, Clock clock) {
    this.name = name;
    this.reconciler = reconciler;
    this.queue = new WorkQueue<>(THREAD_PREFIX + name, clock);
    this.workers = workers;
    this.resync = resync;
    this.allKeys = allKeys;
    this.resyncTimer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, THREAD_PREFIX + name + "-resync");
      t.setDaemon(true);
      return t;
    });
  }

  public String name() {
    return name;
  }

  /** Queues a key (from an informer event handler); cheap and non-blocking. */
  public void enqueue(K key) {
    queue.add(key);
  }

  public void enqueueAfter(K key, Duration delay) {
    queue.addAfter(key, delay);
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    for (int i = 0; i < workers; i++) {
      Thread t = new Thread(this::work, THREAD_PREFIX + name + "-worker-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    if (!resync.isZero()) {
      resyncTimer.scheduleWithFixedDelay(() -> allKeys.get().forEach(queue::add), resync.toMillis(),
          resync.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void work() {
    while (running) {
      K key;
      try {
        key = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (key == null) {
        return;
      }
      try {
        Result result = reconciler.reconcile(key);
        if (result.requeue()) {
          queue.addRateLimited(key);
        } else {
          queue.forget(key);
          if (!result.requeueAfter().isZero()) {
            queue.addAfter(key, result.requeueAfter());
          }
        }
      } catch (Exception | Error e) {
        LOG.log(Level.FINE, "reconcile failed controller=" + name + " key=" + key, e);
        queue.addRateLimited(key);
      } finally {
        queue.done(key);
      }
    }
  }

  @Override
  public synchronized void close() {
    running = false;
    queue.close();
    resyncTimer.shutdownNow();
    threads.forEach(Thread::interrupt);
  }
}
