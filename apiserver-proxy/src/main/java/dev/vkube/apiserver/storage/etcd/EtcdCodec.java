package dev.vkube.apiserver.storage.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.storage.Json;
import dev.vkube.apiserver.storage.StoredObject;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Objects to etcd values and back. Stored bytes never hold {@code metadata.resourceVersion}; every
 * decoded tree gets it from the etcd revision (upstream's APIObjectVersioner does the same).
 */
public final class EtcdCodec {
  private EtcdCodec() {}

  /** An object ready to write: its bytes (without resourceVersion) and the tree to return once written. */
  public record Encoded(ObjectNode tree, byte[] bytes) {
    /** The written object: the tree with {@code resourceVersion} set to {@code revision}. */
    public StoredObject stored(String key, long revision) {
      setResourceVersion(tree, revision);
      return new StoredObject(key, tree, revision);
    }
  }

  /** Copies {@code object} (the caller's tree is left alone), strips resourceVersion and serializes it. */
  public static Encoded encode(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    if (copy.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove("resourceVersion");
    }
    return new Encoded(copy, Json.write(copy));
  }

  public static StoredObject decode(KeyValue kv) {
    return decode(string(kv.getKey()), kv.getValue().getBytes(), kv.getModRevision());
  }

  /** Parses stored bytes and sets resourceVersion to {@code revision}. */
  public static StoredObject decode(String key, byte[] value, long revision) {
    ObjectNode tree = Json.read(key, value);
    setResourceVersion(tree, revision);
    return new StoredObject(key, tree, revision);
  }

  /**
   * A copy of {@code object} carrying another revision: a deleted object is returned and watched with
   * the deletion revision (etcd3 store.conditionalDelete, cacher convertToWatchEvent).
   */
  public static StoredObject withRevision(StoredObject object, long revision) {
    ObjectNode tree = object.object().deepCopy();
    setResourceVersion(tree, revision);
    return new StoredObject(object.key(), tree, revision);
  }

  public static ByteSequence bytes(String key) {
    return ByteSequence.from(key, StandardCharsets.UTF_8);
  }

  public static String string(ByteSequence bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The first key after every key that starts with {@code prefix} (etcd's prefix range end). */
  public static ByteSequence prefixEnd(String prefix) {
    byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        return ByteSequence.from(Arrays.copyOf(end, i + 1));
      }
    }
    return ByteSequence.from(new byte[] {0});
  }

  private static void setResourceVersion(ObjectNode tree, long revision) {
    JsonNode metadata = tree.get("metadata");
    ObjectNode meta = metadata instanceof ObjectNode m ? m : tree.putObject("metadata");
    meta.put("resourceVersion", Long.toString(revision));
  }
}
