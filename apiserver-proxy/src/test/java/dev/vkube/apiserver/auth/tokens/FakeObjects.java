package dev.vkube.apiserver.auth.tokens;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.storage.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** In-memory stand-in for the informers, plus a clock tests move by hand. */
public final class FakeObjects implements ServiceAccountObjects {
  private final Map<String, ObjectNode> objects = new HashMap<>();

  public ObjectNode serviceAccount(String namespace, String name) {
    return objects.get("serviceaccounts/" + namespace + "/" + name);
  }

  public ObjectNode pod(String namespace, String name) {
    return objects.get("pods/" + namespace + "/" + name);
  }

  public ObjectNode secret(String namespace, String name) {
    return objects.get("secrets/" + namespace + "/" + name);
  }

  public ObjectNode node(String name) {
    return objects.get("nodes//" + name);
  }

  /** Stores a fresh object with a new uid and returns it (recreating replaces the uid). */
  public ObjectNode put(String resource, String namespace, String name) {
    ObjectNode object = Json.MAPPER.createObjectNode();
    ObjectNode metadata = object.putObject("metadata").put("name", name).put("uid", UUID.randomUUID().toString());
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    objects.put(resource + "/" + (namespace == null ? "" : namespace) + "/" + name, object);
    return object;
  }

  public void remove(String resource, String namespace, String name) {
    objects.remove(resource + "/" + (namespace == null ? "" : namespace) + "/" + name);
  }

  /** A clock that stands still until moved. */
  public static final class TestClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    public void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
