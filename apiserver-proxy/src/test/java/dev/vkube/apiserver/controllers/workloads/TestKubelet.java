package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.testing.ApiClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A kubelet stand-in for tests: polls one namespace's pods through the API and reports each pending
 * one Running and Ready, Succeeded or Failed (exit code 1), as {@code outcome} decides (null leaves it
 * Pending), by writing pods/status as a kubelet would.
 */
final class TestKubelet implements AutoCloseable {
  enum Outcome { READY, SUCCEEDED, FAILED }

  private final ApiClient api;
  private final String namespace;
  private final Map<String, Function<JsonNode, Outcome>> rules = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Function<JsonNode, Outcome> outcome;

  TestKubelet(ApiClient api, String namespace, Function<JsonNode, Outcome> outcome) {
    this.api = api;
    this.namespace = namespace;
    this.outcome = outcome;
    this.thread = new Thread(this::loop, "test-kubelet-" + namespace);
    thread.setDaemon(true);
    thread.start();
  }

  void setOutcome(Function<JsonNode, Outcome> outcome) {
    this.outcome = outcome;
  }

  private void loop() {
    while (running) {
      try {
        JsonNode pods = api.get("/api/v1/namespaces/" + namespace + "/pods").json();
        for (JsonNode pod : pods.path("items")) {
          if ("Pending".equals(pod.path("status").path("phase").asText())
              && !pod.path("metadata").has("deletionTimestamp")) {
            Outcome o = outcome.apply(pod);
            if (o != null) {
              report((ObjectNode) pod, o);
            }
          }
        }
        Thread.sleep(150);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        // the server is stopping or the pod changed meanwhile: try again on the next round
      }
    }
  }

  private void report(ObjectNode pod, Outcome o) throws Exception {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    ObjectNode status = pod.putObject("status");
    boolean ready = o == Outcome.READY;
    status.put("phase", switch (o) {
      case READY -> "Running";
      case SUCCEEDED -> "Succeeded";
      case FAILED -> "Failed";
    });
    status.put("startTime", now);
    var conditions = status.putArray("conditions");
    conditions.addObject().put("type", "Ready").put("status", ready ? "True" : "False")
        .put("lastTransitionTime", now);
    var statuses = status.putArray("containerStatuses");
    for (JsonNode c : pod.path("spec").path("containers")) {
      ObjectNode cs = statuses.addObject();
      cs.put("name", c.path("name").asText()).put("image", c.path("image").asText()).put("imageID", "")
          .put("ready", ready).put("restartCount", 0);
      ObjectNode state = cs.putObject("state");
      if (ready) {
        state.putObject("running").put("startedAt", now);
      } else {
        state.putObject("terminated").put("exitCode", o == Outcome.SUCCEEDED ? 0 : 1)
            .put("reason", o == Outcome.SUCCEEDED ? "Completed" : "Error").put("finishedAt", now);
      }
    }
    api.send("PUT", "/api/v1/namespaces/" + namespace + "/pods/" + pod.path("metadata").path("name").asText()
        + "/status", "application/json", pod.toString());
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
