package dev.vkube.syncer.translate;

import dev.vkube.syncer.policy.PolicyViolation;
import java.util.List;

/** A host object, or the reasons the virtual one may not be synced (then {@code host} is null). */
public record Translation<H>(H host, List<PolicyViolation> refusals) {
  public static <H> Translation<H> of(H host) {
    return new Translation<>(host, List.of());
  }

  public static <H> Translation<H> refused(List<PolicyViolation> refusals) {
    return new Translation<>(null, List.copyOf(refusals));
  }

  public boolean isRefused() {
    return !refusals.isEmpty();
  }
}
