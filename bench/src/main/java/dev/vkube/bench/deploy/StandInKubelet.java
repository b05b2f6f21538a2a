package dev.vkube.bench.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A kubelet stand-in for every node at once, through the API only: it watches the namespace's pods
 * and reports each pod that is on a node and Pending as started: phase Running, Ready and
 * ContainersReady, a pod IP (pods/status, as the kubelet's status manager writes it). A 409 (the pod
 * changed since the event) is answered by reading the pod again. When the watch ends it lists and
 * watches again from the list's resourceVersion, as an informer does.
 *
 * <p>vkube does not serve pods/binding yet, so the bench's pod templates carry spec.nodeName (created
 * bound, as a DaemonSet's pods are) and this stand-in plays only the kubelet, not the scheduler.
 */
final class StandInKubelet implements AutoCloseable {
  /** Status writes in flight at once (the kubelet's status manager has its own client QPS limits). */
  private static final int IN_FLIGHT = 32;
  private static final int WATCH_TIMEOUT_SECONDS = 120;
  private final Cluster cluster;
  private final String namespace;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
  private final AtomicInteger conflicts = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger nextIp = new AtomicInteger();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Stream<String> watch;

  StandInKubelet(Cluster cluster, String namespace) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.thread = new Thread(this::loop, "stand-in-kubelet");
    thread.setDaemon(true);
  }

  StandInKubelet start() {
    thread.start();
    return this;
  }

  int reported() {
    return reported.size();
  }

  int conflicts() {
    return conflicts.get();
  }

  int failures() {
    return failures.get();
  }

  private void loop() {
    String pods = "/api/v1/namespaces/" + namespace + "/pods";
    while (running) {
      try {
        JsonNode list = cluster.get(pods).orThrow("list pods").body();
        list.path("items").forEach(this::consider);
        String rv = list.path("metadata").path("resourceVersion").asText();
        watch = cluster.watch(pods + "?watch=true&allowWatchBookmarks=true&resourceVersion=" + rv
            + "&timeoutSeconds=" + WATCH_TIMEOUT_SECONDS);
        for (Iterator<String> lines = watch.iterator(); running && lines.hasNext(); ) {
          String line = lines.next();
          if (!line.isBlank()) {
            JsonNode event = Cluster.JSON.readTree(line);
            if (!"DELETED".equals(event.path("type").asText())) {
              consider(event.path("object"));
            }
          }
        }
      } catch (IOException | UncheckedIOException | IllegalStateException e) {
        if (running) {
          System.err.println("deploy-bench: kubelet watch ended (" + e.getMessage() + "), listing again");
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void consider(JsonNode pod) {
    String uid = pod.path("metadata").path("uid").asText();
    if (pod.path("spec").path("nodeName").asText("").isEmpty() || pod.path("metadata").has("deletionTimestamp")
        || !"Pending".equals(pod.path("status").path("phase").asText()) || reported.contains(uid)) {
      return;
    }
    inFlight.acquireUninterruptibly();
    report((ObjectNode) pod.deepCopy(), uid);
  }

  private void report(ObjectNode pod, String uid) {
    String path = "/api/v1/namespaces/" + namespace + "/pods/" + pod.path("metadata").path("name").asText() + "/status";
    pod.set("status", running(pod, pod.path("status").path("podIP").asText(null)));
    cluster.send("PUT", path, pod).whenComplete((reply, error) -> {
      if (error == null && reply.ok()) {
        reported.add(uid);
        inFlight.release();
      } else if (error == null && reply.code() == 409) {
        conflicts.incrementAndGet();
        cluster.send("GET", path.substring(0, path.length() - "/status".length()), null).whenComplete((fresh, e) -> {
          if (e == null && fresh.ok() && uid.equals(fresh.body().path("metadata").path("uid").asText())) {
            report((ObjectNode) fresh.body(), uid);
          } else {
            inFlight.release();
          }
        });
      } else {
        // 404: the pod went (a scale-down); anything else is counted and left for the next list.
        if (error != null || reply.code() != 404) {
          failures.incrementAndGet();
        }
        inFlight.release();
      }
    });
  }

  /** What the kubelet reports for a started pod whose containers pass their (absent) readiness probes. */
  private ObjectNode running(JsonNode pod, String ip) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    ObjectNode status = Cluster.JSON.createObjectNode();
    int n = nextIp.getAndIncrement();
    status.put("phase", "Running").put("hostIP", StandInNodes.address(pod.path("spec").path("nodeName").asText()))
        .put("startTime", now)
        .put("podIP", ip != null ? ip : "10.244." + (n / 250) + "." + (n % 250 + 2))
        .put("qosClass", pod.path("status").path("qosClass").asText("BestEffort"));
    ArrayNode conditions = status.putArray("conditions");
    for (String type : new String[] {"PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady",
        "PodScheduled"}) {
      conditions.addObject().put("type", type).put("status", "True").put("lastTransitionTime", now);
    }
    ArrayNode containers = status.putArray("containerStatuses");
    for (JsonNode c : pod.path("spec").path("containers")) {
      ObjectNode cs = containers.addObject().put("name", c.path("name").asText()).put("image", c.path("image")
          .asText()).put("imageID", "").put("containerID", "containerd://" + Long.toHexString(n))
          .put("ready", true).put("started", true).put("restartCount", 0);
      cs.putObject("state").putObject("running").put("startedAt", now);
    }
    return status;
  }

  @Override
  public void close() {
    running = false;
    Stream<String> open = watch;
    if (open != null) {
      open.close();
    }
    thread.interrupt();
  }
}
