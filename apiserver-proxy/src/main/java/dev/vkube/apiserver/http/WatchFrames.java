package dev.vkube.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.registry.ResourceDefinition;
import dev.vkube.apiserver.storage.StoredObject;
import dev.vkube.apiserver.storage.WatchEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** Encodes watch events ({"type":..., "object":...} and a newline), reusing each object's cached JSON. */
final class WatchFrames {
  private WatchFrames() {}

  static byte[] event(WatchEvent event, ResourceDefinition def, Function<StoredObject, byte[]> encoder) {
    if (event.type() == WatchEvent.Type.BOOKMARK) {
      return frame("BOOKMARK", bookmark(event, def));
    }
    return frame(event.type().name(), encoder.apply(event.object()));
  }

  static byte[] error(ObjectNode status) {
    return frame("ERROR", status.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] bookmark(WatchEvent event, ResourceDefinition def) {
    String annotations = event.initialEventsEnd()
        ? ",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}" : "";
    return ("{\"kind\":\"" + def.kind() + "\",\"apiVersion\":\"" + def.groupVersion()
        + "\",\"metadata\":{\"resourceVersion\":\"" + event.revision() + "\",\"creationTimestamp\":null"
        + annotations + "}}").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] frame(String type, byte[] object) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(object.length + 32);
    out.writeBytes(("{\"type\":\"" + type + "\",\"object\":").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(object);
    out.writeBytes("}\n".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
