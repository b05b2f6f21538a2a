package dev.vkube.apiserver.storage;

/** Receives a watch's events on a storage thread; it must not block. */
public interface WatchListener {
  void onEvent(WatchEvent event);

  /** The stream ended: {@code error} is null for a normal close, else why (EXPIRED, UNREACHABLE...). */
  void onClose(StorageException error);
}
