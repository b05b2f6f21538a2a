package dev.vkube.scheduler.model;

/**
 * A container's resource requests. {@code restartable} marks a sidecar: an init container with
 * restartPolicy Always, which keeps running beside the app containers.
 */
public record Container(String name, Resources requests, boolean restartable) {
  public static Container of(String name, Resources requests) {
    return new Container(name, requests, false);
  }
}
