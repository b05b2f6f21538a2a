package dev.vkube.bench.api;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ceiling the API server's create rate is judged against: raw jetcd puts of values of the same
 * size with the same number in flight, against the same etcd, from the same JVM. A semaphore bounds
 * the in-flight puts, as etcd's own {@code benchmark put --clients} does with its connections.
 */
final class JetcdPutThroughput implements AutoCloseable {
  private final Client client;
  private final KV kv;
  private final int inFlight;
  private final ByteSequence value;

  JetcdPutThroughput(String endpoint, int inFlight, int valueBytes) {
    this.client = Client.builder().endpoints(endpoint).build();
    this.kv = client.getKVClient();
    this.inFlight = inFlight;
    this.value = ByteSequence.from(ConfigMaps.filler(valueBytes), StandardCharsets.US_ASCII);
  }

  Throughput run(String label, String keyPrefix, int count) throws InterruptedException {
    Semaphore slots = new Semaphore(inFlight);
    long[] latencies = new long[count];
    AtomicLong failures = new AtomicLong();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      slots.acquire();
      int index = i;
      long sent = System.nanoTime();
      kv.put(ByteSequence.from(keyPrefix + i, StandardCharsets.US_ASCII), value).whenComplete((r, e) -> {
        latencies[index] = System.nanoTime() - sent;
        if (e != null) {
          failures.incrementAndGet();
          firstFailure.compareAndSet(null, e.toString());
        }
        slots.release();
      });
    }
    slots.acquire(inFlight);
    long nanos = System.nanoTime() - start;
    return new Throughput(label, count, nanos, failures.get(), firstFailure.get(), Percentiles.of(latencies, count));
  }

  @Override
  public void close() {
    kv.close();
    client.close();
  }
}
