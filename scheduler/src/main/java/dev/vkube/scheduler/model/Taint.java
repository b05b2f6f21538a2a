package dev.vkube.scheduler.model;

/** A node taint; {@code value} may be empty. */
public record Taint(String key, String value, TaintEffect effect) {
  public Taint {
    value = value == null ? "" : value;
  }
}
