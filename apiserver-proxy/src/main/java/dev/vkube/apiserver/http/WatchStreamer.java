package dev.vkube.apiserver.http;

import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Status;
import dev.vkube.apiserver.registry.GenericStore;
import dev.vkube.apiserver.registry.ResourceDefinition;
import dev.vkube.apiserver.registry.StorageErrors;
import dev.vkube.apiserver.storage.StorageException;
import dev.vkube.apiserver.storage.StoredObject;
import dev.vkube.apiserver.storage.WatchEvent;
import dev.vkube.apiserver.storage.WatchHandle;
import dev.vkube.apiserver.storage.WatchListener;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Streams watch events as kube-apiserver does: newline-delimited JSON over a chunked response, or one
 * WebSocket text frame per event when the client upgrades (fabric8 does). A client that cannot keep up
 * is disconnected (it re-lists), never waited for.
 */
final class WatchStreamer {
  /** kube-apiserver's --min-request-timeout: watches without timeoutSeconds last 30-60 minutes. */
  private static final long MIN_REQUEST_TIMEOUT_SECONDS = 1800;
  private final Vertx vertx;

  WatchStreamer(Vertx vertx) {
    this.vertx = vertx;
  }

  void watch(HttpServerRequest request, GenericStore store, String namespace, ListQuery query, Context context,
      Function<StoredObject, byte[]> encoder, ResponseHooks hooks) {
    long timeout = query.timeoutSeconds() != null ? query.timeoutSeconds()
        : MIN_REQUEST_TIMEOUT_SECONDS + ThreadLocalRandom.current().nextLong(MIN_REQUEST_TIMEOUT_SECONDS);
    if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      request.toWebSocket().onSuccess(ws -> start(new WebSocketSink(ws), store, namespace, query, timeout, context,
          encoder))
          .onFailure(e -> { });
      return;
    }
    HttpServerResponse response = request.response();
    response.setStatusCode(200).putHeader("Content-Type", Responder.JSON)
        .putHeader("Cache-Control", "no-cache, private");
    if (request.version() != io.vertx.core.http.HttpVersion.HTTP_2) {
      response.setChunked(true);
    }
    response.write(Buffer.buffer());
    start(new ResponseSink(response, hooks), store, namespace, query, timeout, context, encoder);
  }

  private void start(Sink sink, GenericStore store, String namespace, ListQuery query, long timeoutSeconds,
      Context context, Function<StoredObject, byte[]> encoder) {
    ResourceDefinition def = store.definition();
    AtomicBoolean closed = new AtomicBoolean();
    WatchHandle[] handle = new WatchHandle[1];
    Runnable finish = () -> {
      if (closed.compareAndSet(false, true)) {
        if (handle[0] != null) {
          handle[0].close();
        }
        sink.end();
      }
    };
    WatchListener listener = new WatchListener() {
      @Override
      public void onEvent(WatchEvent event) {
        byte[] frame = WatchFrames.event(event, def, encoder);
        context.runOnContext(v -> {
          if (closed.get()) {
            return;
          }
          if (sink.full()) {
            finish.run();
            return;
          }
          sink.write(frame);
        });
      }

      @Override
      public void onClose(StorageException error) {
        context.runOnContext(v -> {
          if (error != null && !closed.get()) {
            sink.write(WatchFrames.error(Status.failure(asApi(error, def))));
          }
          finish.run();
        });
      }
    };
    long timer = vertx.setTimer(Math.max(1, timeoutSeconds) * 1000, id -> context.runOnContext(v -> finish.run()));
    sink.onClose(() -> {
      vertx.cancelTimer(timer);
      finish.run();
    });
    try {
      handle[0] = store.watch(namespace, query.watchOptions(), listener);
    } catch (RuntimeException e) {
      sink.write(WatchFrames.error(Status.failure(asApi(e, def))));
      finish.run();
      return;
    }
  }

  private static ApiException asApi(Throwable e, ResourceDefinition def) {
    Throwable cause = StorageErrors.unwrap(e);
    if (cause instanceof StorageException se && se.code() == StorageException.Code.EXPIRED) {
      return ApiException.expired(se.getMessage());
    }
    RuntimeException translated = StorageErrors.interpret(cause, def, "");
    return translated instanceof ApiException api ? api : ApiException.internal(String.valueOf(cause.getMessage()));
  }

  /** Where frames go: a chunked HTTP response or a WebSocket. */
  private interface Sink {
    void write(byte[] frame);

    boolean full();

    void end();

    void onClose(Runnable action);
  }

  private static final class ResponseSink implements Sink {
    private final HttpServerResponse response;
    private final ResponseHooks hooks;

    ResponseSink(HttpServerResponse response, ResponseHooks hooks) {
      this.response = response;
      this.hooks = hooks;
    }

    @Override
    public void write(byte[] frame) {
      if (!response.ended() && !response.closed()) {
        response.write(Buffer.buffer(frame));
      }
    }

    @Override
    public boolean full() {
      return response.writeQueueFull();
    }

    @Override
    public void end() {
      if (!response.ended() && !response.closed()) {
        response.end();
      }
    }

    @Override
    public void onClose(Runnable action) {
      hooks.add(action);
    }
  }

  private static final class WebSocketSink implements Sink {
    private final ServerWebSocket socket;

    WebSocketSink(ServerWebSocket socket) {
      this.socket = socket;
    }

    @Override
    public void write(byte[] frame) {
      if (!socket.isClosed()) {
        socket.writeTextMessage(new String(frame, StandardCharsets.UTF_8).trim());
      }
    }

    @Override
    public boolean full() {
      return socket.writeQueueFull();
    }

    @Override
    public void end() {
      if (!socket.isClosed()) {
        socket.close();
      }
    }

    @Override
    public void onClose(Runnable action) {
      socket.closeHandler(v -> action.run());
    }
  }
}
