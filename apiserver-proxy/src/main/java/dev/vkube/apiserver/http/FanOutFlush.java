package dev.vkube.apiserver.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.ArrayList;
import java.util.List;

/**
 * Sits right above TLS on every server connection, for two jobs of the watch fan-out.
 *
 * <p>Lets one event-loop task write to many streams and pay for one flush per connection. Vert.x flushes
 * after every frame written outside a read, so a watch event fanned out to the 250 streams of one
 * HTTP/2 connection cost 250 TLS records and 250 write calls. Inside {@link #batch}, the flushes that
 * reach this handler (placed right above TLS) are held and released once when the batch ends, in the
 * same task: nothing waits for a later loop turn or a read to complete, and a connection whose
 * outbound buffer is full is flushed at once so its writers are not held back. (Netty's
 * FlushConsolidationHandler, tried before, left watch streams stuck; most likely the writability bug
 * handled below, which deferred flushes make more frequent.)
 *
 * <p>Defers writability changes out of the writes that cause them (see
 * {@link #channelWritabilityChanged}).
 */
final class FanOutFlush extends ChannelDuplexHandler {
  private static final String NAME = "vkube-fan-out-flush";
  /** The batch running on this event-loop thread, if any. */
  private static final ThreadLocal<List<FanOutFlush>> HELD = new ThreadLocal<>();

  private ChannelHandlerContext context;
  private boolean held;

  /** Installs the handler on a new server connection (Vert.x's connection handler). */
  static void install(HttpConnection connection) {
    // Vert.x's connections are ConnectionBase; its pipeline is an internal we rely on at this pinned version.
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    ChannelPipeline pipeline = base.channel().pipeline();
    if (pipeline.get(NAME) == null && pipeline.get("ssl") != null) {
      pipeline.addAfter("ssl", NAME, new FanOutFlush());
    }
  }

  /** Runs {@code writes} on the calling event loop, then flushes each connection it wrote to once. */
  static void batch(Runnable writes) {
    if (HELD.get() != null) {
      writes.run();
      return;
    }
    List<FanOutFlush> held = new ArrayList<>();
    HELD.set(held);
    try {
      writes.run();
    } finally {
      HELD.remove();
      for (FanOutFlush handler : held) {
        handler.release();
      }
    }
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    List<FanOutFlush> batch = HELD.get();
    if (batch == null || !ctx.channel().isWritable()) {
      ctx.flush();
      return;
    }
    if (!held) {
      held = true;
      context = ctx;
      batch.add(this);
    }
  }

  /**
   * Hands a change of the connection's writability to the HTTP codec in a task of its own, never inside
   * the write or flush that caused it. Vert.x 5.0.7 flips each HTTP/2 stream's writable flag on every
   * change Netty's flow controller reports; a change reported re-entrantly (a stream resumed by
   * "writable" writes, the write makes the channel unwritable, Netty notifies again mid-iteration) left
   * streams flagged unwritable for good, so watches stopped for ever once a client with a large window
   * read slowly (Vert.x fixed the re-entrancy later, PR #6359). The flow controller reads the channel's
   * state when the event arrives, so a deferred event is never a stale one.
   * WatchFanOutIT#streamsResumeAfterTheConnectionWasBackedUpByASlowReader fails without this.
   */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    ctx.executor().execute(ctx::fireChannelWritabilityChanged);
  }

  private void release() {
    if (held) {
      held = false;
      context.flush();
    }
  }
}
