package dev.vkube.bench.api;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * ConfigMap creates with a fixed number in flight (a closed loop, as kube-apiserver's load tests and
 * etcd's benchmark tool drive writes): each of the {@code concurrency} slots sends its next POST as
 * soon as its previous one answered, and slots are spread round-robin over the API's connections.
 */
final class CreateThroughput {
  private final KubeApi api;
  private final int concurrency;
  private final String payload;

  CreateThroughput(KubeApi api, int concurrency, int dataBytes) {
    this.api = api;
    this.concurrency = concurrency;
    this.payload = ConfigMaps.filler(dataBytes);
  }

  Throughput run(String label, String namespace, String namePrefix, int count) throws InterruptedException {
    Run run = new Run(ConfigMaps.path(namespace), namePrefix, count);
    long start = System.nanoTime();
    for (int slot = 0; slot < Math.min(concurrency, count); slot++) {
      run.next(slot);
    }
    run.done.await();
    long nanos = System.nanoTime() - start;
    return new Throughput(label, count, nanos, run.failures.get(), run.firstFailure.get(),
        Percentiles.of(run.latencies, count));
  }

  /** The shared state of one run; each slot's completion callback sends that slot's next request. */
  private final class Run {
    final String path;
    final String namePrefix;
    final int count;
    final long[] latencies;
    final AtomicInteger issued = new AtomicInteger();
    final AtomicLong failures = new AtomicLong();
    final AtomicReference<String> firstFailure = new AtomicReference<>();
    final CountDownLatch done;

    Run(String path, String namePrefix, int count) {
      this.path = path;
      this.namePrefix = namePrefix;
      this.count = count;
      this.latencies = new long[count];
      this.done = new CountDownLatch(count);
    }

    void next(int slot) {
      int index = issued.getAndIncrement();
      if (index >= count) {
        return;
      }
      String body = ConfigMaps.withData(namePrefix + index, payload);
      long sent = System.nanoTime();
      api.postAsync(slot, path, body).whenComplete((response, error) -> {
        latencies[index] = System.nanoTime() - sent;
        check(response, error);
        done.countDown();
        next(slot);
      });
    }

    private void check(KubeApi.Reply response, Throwable error) {
      if (error == null && response.statusCode() == 201) {
        return;
      }
      failures.incrementAndGet();
      firstFailure.compareAndSet(null, error != null ? error.toString()
          : "POST " + path + " -> " + response.statusCode() + " " + abbreviated(response.body()));
    }
  }

  private static String abbreviated(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
