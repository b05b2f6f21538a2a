package dev.vkube.apiserver.storage;

/** Optional uid and resourceVersion that the current object must have (null = no condition). */
public record Preconditions(String uid, String resourceVersion) {
  public static final Preconditions NONE = new Preconditions(null, null);
}
