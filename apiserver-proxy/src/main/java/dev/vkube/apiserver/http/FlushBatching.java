package dev.vkube.apiserver.http;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Coalesces the flushes of one connection into one per event-loop turn. Vert.x flushes after every
 * HTTP/2 frame written outside a read, so a watch event fanned out to the 250 streams of one
 * connection became 250 TLS records and 250 write calls, and responses completed by etcd callbacks
 * each paid for their own record. Netty's FlushConsolidationHandler, placed between TLS and the HTTP
 * codec, defers such flushes to the end of the loop turn (at most 256 are held back).
 */
final class FlushBatching {
  private static final String NAME = "vkube-flush-batching";
  private static final int MAX_HELD_FLUSHES = 256;

  private FlushBatching() {}

  static void install(HttpConnection connection) {
    // Vert.x's connections are ConnectionBase; its pipeline is an internal we rely on at this pinned version.
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    ChannelPipeline pipeline = base.channel().pipeline();
    if (pipeline.get(NAME) != null || pipeline.get("ssl") == null) {
      return;
    }
    pipeline.addAfter("ssl", NAME, new FlushConsolidationHandler(MAX_HELD_FLUSHES, true));
  }
}
