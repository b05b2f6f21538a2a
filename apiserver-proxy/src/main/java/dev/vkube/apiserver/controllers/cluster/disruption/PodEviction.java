package dev.vkube.apiserver.controllers.cluster.disruption;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.auth.UserInfo;
import java.util.concurrent.CompletionStage;

/**
 * The pods/eviction subresource (POST of a policy/v1 Eviction): deletes the pod unless a
 * PodDisruptionBudget forbids it. Completes with the Status to answer (201) or fails with an
 * ApiException (429 when the budget forbids). Never blocks the calling thread.
 */
public interface PodEviction {
  CompletionStage<ObjectNode> evict(String namespace, String podName, ObjectNode eviction, UserInfo user,
      boolean dryRun);
}
