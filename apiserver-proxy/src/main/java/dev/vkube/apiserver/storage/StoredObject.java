package dev.vkube.apiserver.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One object as stored: its key, its JSON tree (with metadata.resourceVersion set) and its mod
 * revision. The tree is shared: read-only for everyone. {@link #json()} is the serialized tree,
 * computed once, so a list or a watch fan-out encodes each object once however many clients read it.
 */
public final class StoredObject {
  private final String key;
  private final ObjectNode object;
  private final long modRevision;
  private volatile byte[] json;

  public StoredObject(String key, ObjectNode object, long modRevision) {
    this.key = key;
    this.object = object;
    this.modRevision = modRevision;
  }

  public String key() {
    return key;
  }

  public ObjectNode object() {
    return object;
  }

  public long modRevision() {
    return modRevision;
  }

  /** The object serialized as compact JSON (with resourceVersion), cached after the first call. */
  public byte[] json() {
    byte[] bytes = json;
    if (bytes == null) {
      bytes = Json.write(object);
      json = bytes;
    }
    return bytes;
  }
}
