package dev.vkube.apiserver.storage;

/** Stops a watch; idempotent. After it returns, no more events are delivered. */
@FunctionalInterface
public interface WatchHandle extends AutoCloseable {
  @Override
  void close();
}
