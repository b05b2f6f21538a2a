package dev.vkube.apiserver.api.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.List;

/** Pod rows as printers.go printPod computes them: READY, STATUS (from container states), RESTARTS. */
final class PodColumns {
  private PodColumns() {}

  static List<Column> columns(Clock clock) {
    return List.of(
        Column.text("Ready", p -> ready(p)),
        Column.text("Status", PodColumns::status),
        Column.text("Restarts", p -> restarts(p, clock)),
        Column.text("Age", p -> Cells.age(clock, p)),
        Column.wide("IP", p -> Cells.orNone(Cells.text(p, "status.podIP"))),
        Column.wide("Node", p -> Cells.orNone(Cells.text(p, "spec.nodeName"))),
        Column.wide("Nominated Node", p -> Cells.orNone(Cells.text(p, "status.nominatedNodeName"))),
        Column.wide("Readiness Gates", PodColumns::readinessGates));
  }

  static String ready(JsonNode pod) {
    int total = pod.path("spec").path("containers").size();
    int ready = 0;
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      if (status.path("ready").asBoolean() && status.path("state").has("running")) {
        ready++;
      }
    }
    return ready + "/" + total;
  }

  static String status(JsonNode pod) {
    JsonNode status = pod.path("status");
    String reason = status.path("reason").asText(status.path("phase").asText(""));
    for (JsonNode condition : status.path("conditions")) {
      if (condition.path("type").asText().equals("PodScheduled")
          && condition.path("reason").asText().equals("SchedulingGated")) {
        reason = "SchedulingGated";
      }
    }
    boolean initializing = false;
    JsonNode inits = status.path("initContainerStatuses");
    int initCount = pod.path("spec").path("initContainers").size();
    for (int i = 0; i < inits.size(); i++) {
      JsonNode state = inits.get(i).path("state");
      JsonNode terminated = state.path("terminated");
      JsonNode waiting = state.path("waiting");
      if (!terminated.isMissingNode() && terminated.path("exitCode").asInt() == 0) {
        continue;
      }
      initializing = true;
      if (!terminated.isMissingNode()) {
        reason = "Init:" + terminatedReason(terminated);
      } else if (!waiting.path("reason").asText("").isEmpty()
          && !waiting.path("reason").asText().equals("PodInitializing")) {
        reason = "Init:" + waiting.path("reason").asText();
      } else {
        reason = "Init:" + i + "/" + initCount;
      }
      break;
    }
    if (!initializing) {
      reason = containerReason(pod, reason);
    }
    if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
      reason = "NodeLost".equals(status.path("reason").asText()) ? "Unknown" : "Terminating";
    }
    return reason;
  }

  private static String containerReason(JsonNode pod, String initial) {
    String reason = initial;
    boolean hasRunning = false;
    JsonNode statuses = pod.path("status").path("containerStatuses");
    for (int i = statuses.size() - 1; i >= 0; i--) {
      JsonNode state = statuses.get(i).path("state");
      String waiting = state.path("waiting").path("reason").asText("");
      JsonNode terminated = state.path("terminated");
      if (!waiting.isEmpty()) {
        reason = waiting;
      } else if (!terminated.isMissingNode()) {
        reason = terminatedReason(terminated);
      } else if (statuses.get(i).path("ready").asBoolean() && state.has("running")) {
        hasRunning = true;
      }
    }
    if (reason.equals("Completed") && hasRunning) {
      reason = podReady(pod) ? "Running" : "NotReady";
    }
    return reason;
  }

  private static String terminatedReason(JsonNode terminated) {
    String reason = terminated.path("reason").asText("");
    if (!reason.isEmpty()) {
      return reason;
    }
    int signal = terminated.path("signal").asInt(0);
    return signal != 0 ? "Signal:" + signal : "ExitCode:" + terminated.path("exitCode").asInt();
  }

  private static boolean podReady(JsonNode pod) {
    for (JsonNode condition : pod.path("status").path("conditions")) {
      if (condition.path("type").asText().equals("Ready") && condition.path("status").asText().equals("True")) {
        return true;
      }
    }
    return false;
  }

  /** "3" or "3 (5m ago)" with the newest last-termination time (kubectl >= 1.24). */
  static String restarts(JsonNode pod, Clock clock) {
    long restarts = 0;
    String last = null;
    for (String list : new String[] {"initContainerStatuses", "containerStatuses"}) {
      for (JsonNode status : pod.path("status").path(list)) {
        restarts += status.path("restartCount").asLong(0);
        String finished = status.path("lastState").path("terminated").path("finishedAt").asText("");
        if (!finished.isEmpty() && (last == null || finished.compareTo(last) > 0)) {
          last = finished;
        }
      }
    }
    return last == null || restarts == 0 ? Long.toString(restarts) : restarts + " (" + Cells.since(clock, last)
        + " ago)";
  }

  private static String readinessGates(JsonNode pod) {
    JsonNode gates = pod.path("spec").path("readinessGates");
    if (gates.size() == 0) {
      return Cells.NONE;
    }
    int ready = 0;
    for (JsonNode gate : gates) {
      for (JsonNode condition : pod.path("status").path("conditions")) {
        if (condition.path("type").asText().equals(gate.path("conditionType").asText())
            && condition.path("status").asText().equals("True")) {
          ready++;
        }
      }
    }
    return ready + "/" + gates.size();
  }
}
