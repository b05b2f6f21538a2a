package dev.vkube.apiserver.controllers.cluster.service;

/** Why a requested address or port cannot be had (upstream ipallocator/portallocator errors). */
public final class AllocationException extends Exception {
  public enum Reason { ALLOCATED, OUT_OF_RANGE, FULL }

  private final Reason reason;

  public AllocationException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
