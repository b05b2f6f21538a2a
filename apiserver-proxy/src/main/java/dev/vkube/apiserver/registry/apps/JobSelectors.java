package dev.vkube.apiserver.registry.apps;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The selector and pod labels the server gives a Job (batch job strategy generateSelector): the uid
 * as controller-uid, and the job name, both under the legacy and the batch.kubernetes.io keys.
 */
final class JobSelectors {
  private JobSelectors() {}

  static void generate(ObjectNode job) {
    String uid = job.path("metadata").path("uid").asText();
    String name = job.path("metadata").path("name").asText();
    ObjectNode spec = job.with("spec");
    ObjectNode matchLabels = spec.putObject("selector").putObject("matchLabels");
    matchLabels.put("batch.kubernetes.io/controller-uid", uid);
    ObjectNode labels = spec.with("template").with("metadata").with("labels");
    labels.put("batch.kubernetes.io/controller-uid", uid);
    labels.put("batch.kubernetes.io/job-name", name);
    labels.put("controller-uid", uid);
    labels.put("job-name", name);
  }
}
