package dev.vkube.syncer.sync;

import dev.vkube.syncer.policy.PolicyViolation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Makes a refusal visible on the virtual pod (issue 6: "an event and a condition, not a silent
 * drop"): a Warning Event {@value #REASON}, and a status condition {@value #CONDITION}=False. The
 * condition doubles as the "already reported" mark, so a resync does not repeat the Event.
 */
public final class RefusalRecorder {
  public static final String CONDITION = "vkube.dev/Synced";
  public static final String REASON = "SyncRefused";
  static final String COMPONENT = "vkube-syncer";

  private final KubernetesClient virtual;
  private final Clock clock;

  public RefusalRecorder(KubernetesClient virtual, Clock clock) {
    this.virtual = virtual;
    this.clock = clock;
  }

  public void record(Pod pod, List<PolicyViolation> violations) {
    String message = "refused by the host isolation policy: "
        + violations.stream().map(PolicyViolation::toString).collect(Collectors.joining("; "));
    if (alreadyReported(pod, message)) {
      return;
    }
    String now = Instant.now(clock).toString();
    String namespace = pod.getMetadata().getNamespace();
    virtual.v1().events().inNamespace(namespace).resource(event(pod, message, now)).create();
    Pod updated = new io.fabric8.kubernetes.api.model.PodBuilder(pod).build();
    PodStatus status = updated.getStatus() == null ? new PodStatus() : updated.getStatus();
    List<PodCondition> conditions = new ArrayList<>(status.getConditions() == null ? List.of() : status.getConditions());
    conditions.removeIf(c -> CONDITION.equals(c.getType()));
    conditions.add(new PodConditionBuilder().withType(CONDITION).withStatus("False").withReason(REASON)
        .withMessage(message).withLastTransitionTime(now).build());
    status.setConditions(conditions);
    updated.setStatus(status);
    virtual.pods().inNamespace(namespace).resource(updated).updateStatus();
  }

  private static boolean alreadyReported(Pod pod, String message) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
        .stream().anyMatch(c -> CONDITION.equals(c.getType()) && message.equals(c.getMessage()));
  }

  private Event event(Pod pod, String message, String now) {
    return new EventBuilder()
        .withNewMetadata().withNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName() + "." + Long.toHexString(clock.millis())).endMetadata()
        .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endInvolvedObject()
        .withType("Warning").withReason(REASON).withMessage(message)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .build();
  }
}
