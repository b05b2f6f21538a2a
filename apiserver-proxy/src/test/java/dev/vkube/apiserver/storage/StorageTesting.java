package dev.vkube.apiserver.storage;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Small fixtures for storage tests: objects, waiting on stages, a recording watch listener. */
public final class StorageTesting {
  private StorageTesting() {}

  /** A ConfigMap tree in namespace {@code ns} with the given labels and a fresh uid. */
  public static ObjectNode configMap(String name, Map<String, String> labels) {
    ObjectNode object = Json.MAPPER.createObjectNode();
    object.put("apiVersion", "v1").put("kind", "ConfigMap");
    ObjectNode metadata = object.putObject("metadata");
    metadata.put("name", name).put("namespace", "ns").put("uid", UUID.randomUUID().toString());
    ObjectNode labelNode = metadata.putObject("labels");
    labels.forEach(labelNode::put);
    object.putObject("data").put("key", "value");
    return object;
  }

  public static ObjectNode configMap(String name) {
    return configMap(name, Map.of());
  }

  public static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new AssertionError("stage failed", cause);
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("stage did not complete", e);
    }
  }

  /** The StorageException the stage failed with (unwrapped). */
  public static StorageException failure(CompletionStage<?> stage) {
    Throwable thrown = thrown(stage);
    return assertInstanceOf(StorageException.class, thrown, () -> "expected a StorageException, got " + thrown);
  }

  /** Whatever the stage failed with, unwrapped from CompletableFuture's wrappers. */
  public static Throwable thrown(CompletionStage<?> stage) {
    try {
      Object value = stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
      return fail("expected a failure, got " + value);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      return cause;
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("stage did not complete", e);
    }
  }

  public static String name(StoredObject object) {
    return object.object().path("metadata").path("name").asText();
  }

  public static String resourceVersion(StoredObject object) {
    return object.object().path("metadata").path("resourceVersion").asText();
  }

  /** Records what a watch delivers. */
  public static final class Recorder implements WatchListener {
    private final ConcurrentLinkedQueue<WatchEvent> events = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;
    private volatile StorageException closedWith;

    @Override
    public void onEvent(WatchEvent event) {
      events.add(event);
    }

    @Override
    public void onClose(StorageException error) {
      closedWith = error;
      closed = true;
    }

    public List<WatchEvent> events() {
      return new ArrayList<>(events);
    }

    /** Events other than bookmarks. */
    public List<WatchEvent> changes() {
      return events().stream().filter(e -> e.type() != WatchEvent.Type.BOOKMARK).toList();
    }

    /** "TYPE name@rv" for each change, for readable assertions. */
    public List<String> described() {
      return changes().stream()
          .map(e -> e.type() + " " + name(e.object()) + "@" + resourceVersion(e.object()))
          .toList();
    }

    public boolean closed() {
      return closed;
    }

    public StorageException closedWith() {
      return closedWith;
    }
  }
}
