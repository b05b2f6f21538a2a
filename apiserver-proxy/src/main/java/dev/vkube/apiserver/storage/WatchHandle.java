package dev.vkube.apiserver.storage;

/**
 * Stops a watch; idempotent. After it returns, no more events are delivered, and the listener's onClose
 * is not called (the caller already knows the watch ended).
 */
@FunctionalInterface
public interface WatchHandle extends AutoCloseable {
  @Override
  void close();
}
