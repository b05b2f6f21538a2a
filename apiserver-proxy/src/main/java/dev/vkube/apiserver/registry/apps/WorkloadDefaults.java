package dev.vkube.apiserver.registry.apps;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The defaults of each workload kind (pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go). */
@FunctionalInterface
public interface WorkloadDefaults {
  void apply(ObjectNode object);

  WorkloadDefaults DEPLOYMENT = d -> {
    ObjectNode spec = d.with("spec");
    putIfAbsent(spec, "replicas", 1);
    ObjectNode strategy = spec.with("strategy");
    if (!strategy.has("type")) {
      strategy.put("type", "RollingUpdate");
    }
    if (strategy.path("type").asText().equals("RollingUpdate")) {
      ObjectNode rolling = strategy.with("rollingUpdate");
      if (!rolling.has("maxUnavailable")) {
        rolling.put("maxUnavailable", "25%");
      }
      if (!rolling.has("maxSurge")) {
        rolling.put("maxSurge", "25%");
      }
    }
    putIfAbsent(spec, "revisionHistoryLimit", 10);
    putIfAbsent(spec, "progressDeadlineSeconds", 600);
  };

  WorkloadDefaults REPLICAS = d -> putIfAbsent(d.with("spec"), "replicas", 1);

  WorkloadDefaults STATEFUL_SET = s -> {
    ObjectNode spec = s.with("spec");
    putIfAbsent(spec, "replicas", 1);
    if (!spec.has("podManagementPolicy")) {
      spec.put("podManagementPolicy", "OrderedReady");
    }
    ObjectNode strategy = spec.with("updateStrategy");
    if (!strategy.has("type")) {
      strategy.put("type", "RollingUpdate");
    }
    if (strategy.path("type").asText().equals("RollingUpdate")) {
      putIfAbsent(strategy.with("rollingUpdate"), "partition", 0);
    }
    putIfAbsent(spec, "revisionHistoryLimit", 10);
    ObjectNode retention = spec.with("persistentVolumeClaimRetentionPolicy");
    if (!retention.has("whenDeleted")) {
      retention.put("whenDeleted", "Retain");
    }
    if (!retention.has("whenScaled")) {
      retention.put("whenScaled", "Retain");
    }
  };

  WorkloadDefaults DAEMON_SET = d -> {
    ObjectNode spec = d.with("spec");
    ObjectNode strategy = spec.with("updateStrategy");
    if (!strategy.has("type")) {
      strategy.put("type", "RollingUpdate");
    }
    if (strategy.path("type").asText().equals("RollingUpdate")) {
      ObjectNode rolling = strategy.with("rollingUpdate");
      putIfAbsent(rolling, "maxUnavailable", 1);
      putIfAbsent(rolling, "maxSurge", 0);
    }
    putIfAbsent(spec, "revisionHistoryLimit", 10);
  };

  WorkloadDefaults JOB = j -> {
    ObjectNode spec = j.with("spec");
    if (!spec.has("completions") && !spec.has("parallelism")) {
      spec.put("completions", 1);
    }
    putIfAbsent(spec, "parallelism", 1);
    putIfAbsent(spec, "backoffLimit", spec.has("backoffLimitPerIndex") ? Integer.MAX_VALUE : 6);
    if (!spec.has("completionMode")) {
      spec.put("completionMode", "NonIndexed");
    }
    if (!spec.has("suspend")) {
      spec.put("suspend", false);
    }
    if (!spec.has("podReplacementPolicy") && !spec.has("podFailurePolicy")) {
      spec.put("podReplacementPolicy", "TerminatingOrFailed");
    }
  };

  WorkloadDefaults CRON_JOB = c -> {
    ObjectNode spec = c.with("spec");
    if (!spec.has("concurrencyPolicy")) {
      spec.put("concurrencyPolicy", "Allow");
    }
    if (!spec.has("suspend")) {
      spec.put("suspend", false);
    }
    putIfAbsent(spec, "successfulJobsHistoryLimit", 3);
    putIfAbsent(spec, "failedJobsHistoryLimit", 1);
  };

  private static void putIfAbsent(ObjectNode node, String field, int value) {
    if (!node.hasNonNull(field)) {
      node.put(field, value);
    }
  }
}
