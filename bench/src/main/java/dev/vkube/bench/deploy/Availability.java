package dev.vkube.bench.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Waits until every Deployment of the namespace reports availableReplicas (and updatedReplicas) equal
 * to its replicas for its current generation, as `kubectl rollout status` judges, by listing them once
 * a second from the watch cache (resourceVersion=0) and printing progress every five.
 */
final class Availability {
  private static final long POLL_MILLIS = 1_000;
  private static final long PROGRESS_NANOS = 5_000_000_000L;
  private final Cluster cluster;
  private final String namespace;
  private final int replicas;
  private final int expected;

  Availability(Cluster cluster, String namespace, int replicas, int expected) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.replicas = replicas;
    this.expected = expected;
  }

  record Outcome(boolean allAvailable, int available) {}

  Outcome await(long startNanos, Duration timeout, Consumer<String> progress) throws InterruptedException {
    long lastProgress = System.nanoTime();
    int available = 0;
    while (System.nanoTime() - startNanos < timeout.toNanos()) {
      available = countAvailable();
      if (available >= expected) {
        return new Outcome(true, available);
      }
      if (System.nanoTime() - lastProgress >= PROGRESS_NANOS) {
        lastProgress = System.nanoTime();
        progress.accept(String.format("  %5.1f s: %d of %d Deployments available", (lastProgress - startNanos) / 1e9,
            available, expected));
      }
      Thread.sleep(POLL_MILLIS);
    }
    return new Outcome(false, available);
  }

  private int countAvailable() {
    Cluster.Reply reply = cluster.get("/apis/apps/v1/namespaces/" + namespace + "/deployments?resourceVersion=0");
    int count = 0;
    if (reply.ok()) {
      for (JsonNode d : reply.body().path("items")) {
        if (DeployBenchMain.available(d, replicas)) {
          count++;
        }
      }
    }
    return count;
  }
}
