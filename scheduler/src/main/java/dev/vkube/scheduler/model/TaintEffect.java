package dev.vkube.scheduler.model;

public enum TaintEffect {
  NO_SCHEDULE,
  PREFER_NO_SCHEDULE,
  NO_EXECUTE;

  /** Only these keep pods off a node at scheduling time (upstream TaintToleration Filter). */
  public boolean blocksScheduling() {
    return this != PREFER_NO_SCHEDULE;
  }
}
