package dev.vkube.syncer.policy;

/** Why a virtual object is not synced: the offending field and what it asks for. */
public record PolicyViolation(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
