package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.api.Meta;

/**
 * spec.podFailurePolicy of a Job (pkg/controller/job/pod_failure_policy.go): the first rule matching
 * a failed pod's container exit codes or conditions decides whether the failure fails the Job,
 * fails its index, is ignored or counts toward backoffLimit.
 */
record PodFailurePolicy(JsonNode rules) {
  enum Action { FAIL_JOB, FAIL_INDEX, IGNORE, COUNT }

  record Match(Action action, String message) {}

  static final Match COUNT = new Match(Action.COUNT, null);

  static PodFailurePolicy of(JsonNode jobSpec) {
    return new PodFailurePolicy(jobSpec.path("podFailurePolicy").path("rules"));
  }

  Match evaluate(JsonNode pod) {
    int index = 0;
    for (JsonNode rule : rules) {
      String because = rule.has("onExitCodes") ? exitCodeMatch(rule.path("onExitCodes"), pod)
          : conditionMatch(rule.path("onPodConditions"), pod);
      if (because != null) {
        Action action = action(rule.path("action").asText());
        return new Match(action, because + " matching " + rule.path("action").asText() + " rule at index " + index);
      }
      index++;
    }
    return COUNT;
  }

  private static Action action(String text) {
    return switch (text) {
      case "FailJob" -> Action.FAIL_JOB;
      case "FailIndex" -> Action.FAIL_INDEX;
      case "Ignore" -> Action.IGNORE;
      default -> Action.COUNT;
    };
  }

  private static String exitCodeMatch(JsonNode requirement, JsonNode pod) {
    String only = requirement.path("containerName").asText("");
    boolean in = "In".equals(requirement.path("operator").asText());
    for (String list : new String[] {"initContainerStatuses", "containerStatuses"}) {
      for (JsonNode status : pod.path("status").path(list)) {
        JsonNode terminated = status.path("state").path("terminated");
        int code = terminated.path("exitCode").asInt(0);
        if (terminated.isMissingNode() || code == 0 || (!only.isEmpty() && !only.equals(status.path("name").asText()))) {
          continue;
        }
        boolean listed = Selectors.contains(requirement.path("values"), Integer.toString(code));
        if (listed == in) {
          return "Container " + status.path("name").asText() + " for pod " + Meta.namespace(pod) + "/" + Meta.name(pod)
              + " failed with exit code " + code;
        }
      }
    }
    return null;
  }

  private static String conditionMatch(JsonNode patterns, JsonNode pod) {
    for (JsonNode pattern : patterns) {
      JsonNode c = Conditions.get(pod.path("status"), pattern.path("type").asText());
      if (c != null && pattern.path("status").asText("True").equals(c.path("status").asText())) {
        return "Pod " + Meta.namespace(pod) + "/" + Meta.name(pod) + " has condition " + pattern.path("type").asText();
      }
    }
    return null;
  }
}
