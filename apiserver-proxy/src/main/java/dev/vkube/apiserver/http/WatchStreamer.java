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
import io.vertx.core.internal.ContextInternal;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Streams watch events as kube-apiserver does: newline-delimited JSON over a chunked response, or one
 * WebSocket text frame per event when the client upgrades (fabric8 does). A client that cannot keep up
 * is disconnected (it re-lists), never waited for.
 */
final class WatchStreamer {
  /** kube-apiserver's --min-request-timeout: watches without timeoutSeconds last 30-60 minutes. */
  private static final long MIN_REQUEST_TIMEOUT_SECONDS = 1800;
  static final int MAX_PENDING = 4096;
  /**
   * And no more than this many bytes behind: 4,096 frames of 1 MiB objects would be 4 GiB for one
   * stalled client. kube-apiserver bounds its watchers by a short wait instead and then closes them.
   */
  static final long MAX_PENDING_BYTES = 16L * 1024 * 1024;
  /** Frames of one watcher joined into one write while it catches up: about one TLS record's worth. */
  private static final int BATCH_BYTES = 16 * 1024;
  private final Vertx vertx;
  private final Map<ResourceDefinition, FrameMemo> memos = new ConcurrentHashMap<>();
  private final Map<EventLoop, LoopDrains> drains = new ConcurrentHashMap<>();

  WatchStreamer(Vertx vertx) {
    this.vertx = vertx;
  }

  void watch(HttpServerRequest request, GenericStore store, String namespace, ListQuery query, Context context,
      Function<StoredObject, byte[]> encoder, boolean shareable, ResponseHooks hooks) {
    long timeout = query.timeoutSeconds() != null ? query.timeoutSeconds()
        : MIN_REQUEST_TIMEOUT_SECONDS + ThreadLocalRandom.current().nextLong(MIN_REQUEST_TIMEOUT_SECONDS);
    if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      request.toWebSocket().onSuccess(ws -> start(new WebSocketSink(ws), store, namespace, query, timeout, context,
          encoder, shareable))
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
    start(new ResponseSink(response, hooks), store, namespace, query, timeout, context, encoder, shareable);
  }

  private void start(Sink sink, GenericStore store, String namespace, ListQuery query, long timeoutSeconds,
      Context context, Function<StoredObject, byte[]> encoder, boolean shareable) {
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
    // Keyed by the event loop, holding its base context (a request's duplicated context would be kept
    // alive with everything it carries for as long as the server runs).
    ContextInternal loopContext = ((ContextInternal) context).unwrap();
    Outbox outbox = new Outbox(sink, drains.computeIfAbsent(loopContext.nettyEventLoop(),
        loop -> new LoopDrains(loopContext)), closed, finish);
    FrameMemo memo = shareable ? memos.computeIfAbsent(def, d -> new FrameMemo()) : null;
    WatchListener listener = new WatchListener() {
      @Override
      public void onEvent(WatchEvent event) {
        outbox.offer(memo == null ? WatchFrames.event(event, def, encoder) : memo.frame(event, def, encoder));
      }

      @Override
      public void onClose(StorageException error) {
        context.runOnContext(v -> {
          if (error != null && !closed.get()) {
            outbox.flush();
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

  /**
   * One watcher's frames between the storage thread and its event loop: queued, written in batches by
   * one task at a time, paused while the connection is flow-controlled. A watcher more than {@link
   * #MAX_PENDING} frames or {@link #MAX_PENDING_BYTES} behind is closed (it re-lists), as the cacher
   * closes unresponsive watchers; memory stays bounded and other requests on the loop are not starved.
   */
  private static final class Outbox {
    private final ConcurrentLinkedQueue<byte[]> frames = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Sink sink;
    private final LoopDrains loop;
    private final AtomicBoolean closed;
    private final Runnable finish;
    private volatile boolean overflow;

    Outbox(Sink sink, LoopDrains loop, AtomicBoolean closed, Runnable finish) {
      this.sink = sink;
      this.loop = loop;
      this.closed = closed;
      this.finish = finish;
      sink.onDrain(this::schedule);
    }

    void offer(byte[] frame) {
      if (pending.incrementAndGet() > MAX_PENDING
          || pendingBytes.addAndGet(frame.length) > MAX_PENDING_BYTES) {
        overflow = true;
      } else {
        frames.add(frame);
      }
      schedule();
    }

    /** The next queued frame, no longer counted as pending; null when none is. */
    private byte[] take() {
      byte[] frame = frames.poll();
      if (frame != null) {
        pending.decrementAndGet();
        pendingBytes.addAndGet(-frame.length);
      }
      return frame;
    }

    private void schedule() {
      if (scheduled.compareAndSet(false, true)) {
        loop.schedule(this);
      }
    }

    private void drain() {
      scheduled.set(false);
      if (closed.get()) {
        return;
      }
      if (overflow) {
        finish.run();
        return;
      }
      flush();
    }

    /**
     * Writes what is queued until the connection pushes back (then the drain handler resumes). A
     * watcher that fell behind gets its backlog in few large writes rather than one per event, so
     * catching up costs less per event just when the loop is busiest.
     */
    void flush() {
      byte[] frame;
      while (!sink.full() && (frame = take()) != null) {
        if (!sink.batches() || frames.peek() == null) {
          sink.write(frame);
          continue;
        }
        Buffer batch = Buffer.buffer(BATCH_BYTES + frame.length).appendBytes(frame);
        while (batch.length() < BATCH_BYTES && (frame = take()) != null) {
          batch.appendBytes(frame);
        }
        sink.write(batch);
      }
    }
  }

  /**
   * The outboxes of one event loop with frames to write. One task drains all of them, so a watch event
   * for a thousand watchers is a few tasks (one per loop) rather than a thousand, and the connections
   * it wrote to are flushed once each ({@link FanOutFlush}) rather than once per stream.
   */
  private static final class LoopDrains {
    private final ConcurrentLinkedQueue<Outbox> ready = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Context context;

    LoopDrains(Context context) {
      this.context = context;
    }

    void schedule(Outbox outbox) {
      ready.add(outbox);
      if (scheduled.compareAndSet(false, true)) {
        context.runOnContext(v -> run());
      }
    }

    private void run() {
      scheduled.set(false);
      FanOutFlush.batch(() -> {
        Outbox outbox;
        while ((outbox = ready.poll()) != null) {
          outbox.drain();
        }
      });
    }
  }

  /**
   * The last frame encoded for a resource's watchers: the cache hands the same stored object to every
   * watcher in turn, so a thousand watchers cost one encoding per event, not a thousand.
   */
  private static final class FrameMemo {
    private StoredObject object;
    private WatchEvent.Type type;
    private byte[] frame;

    synchronized byte[] frame(WatchEvent event, ResourceDefinition def, Function<StoredObject, byte[]> encoder) {
      if (event.object() == null) {
        return WatchFrames.event(event, def, encoder);
      }
      if (event.object() != object || event.type() != type) {
        frame = WatchFrames.event(event, def, encoder);
        object = event.object();
        type = event.type();
      }
      return frame;
    }
  }

  /** Where frames go: a chunked HTTP response or a WebSocket. */
  private interface Sink {
    void write(byte[] frame);

    /** Whether consecutive frames may go out as one write ({@link #write(Buffer)}). */
    default boolean batches() {
      return false;
    }

    /** Several whole frames at once; only called when {@link #batches()}. */
    default void write(Buffer frames) {
      throw new UnsupportedOperationException();
    }

    boolean full();

    void end();

    void onClose(Runnable action);

    void onDrain(Runnable action);
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
      write(Buffer.buffer(frame));
    }

    /** Newline-delimited JSON: frames can be joined freely (a WebSocket needs one message per event). */
    @Override
    public boolean batches() {
      return true;
    }

    @Override
    public void write(Buffer frames) {
      if (!response.ended() && !response.closed()) {
        response.write(frames);
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

    @Override
    public void onDrain(Runnable action) {
      response.drainHandler(v -> action.run());
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

    @Override
    public void onDrain(Runnable action) {
      socket.drainHandler(v -> action.run());
    }
  }
}
