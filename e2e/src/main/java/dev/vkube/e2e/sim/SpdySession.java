package dev.vkube.e2e.sim;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.Map;

/**
 * The server side of a SPDY/3.1 connection as spdystream (which the kubelet and client-go use) runs
 * it: every stream the client opens is accepted with a SYN_REPLY (client-go waits for it), pings are
 * answered, and data, half-closes (FIN) and resets are handed to the protocol on top. No flow control
 * windows: spdystream does not enforce them either.
 */
abstract class SpdySession extends ChannelInboundHandlerAdapter {
  private static final int CHUNK = 32 * 1024;
  protected volatile ChannelHandlerContext ctx;

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof SpdySynStreamFrame syn) {
        // spdystream replies with no headers, which is a zlib block holding a count of zero; Netty
        // leaves an empty header block out entirely, which Go's framer cannot parse. So the reply
        // names the stream type it accepts (client-go ignores reply headers).
        DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(syn.streamId());
        reply.headers().set("streamtype", String.valueOf(syn.headers().getAsString("streamtype")));
        ctx.writeAndFlush(reply);
        Map<String, String> headers = new java.util.HashMap<>();
        syn.headers().forEach(e -> headers.put(e.getKey().toString().toLowerCase(), e.getValue().toString()));
        opened(syn.streamId(), headers);
        if (syn.isLast()) {
          halfClosed(syn.streamId());
        }
      } else if (msg instanceof SpdyDataFrame data) {
        if (data.content().isReadable()) {
          data(data.streamId(), ByteBufUtil.getBytes(data.content()));
        }
        if (data.isLast()) {
          halfClosed(data.streamId());
        }
      } else if (msg instanceof SpdyRstStreamFrame rst) {
        reset(rst.streamId());
      } else if (msg instanceof SpdyPingFrame ping) {
        ctx.writeAndFlush(new DefaultSpdyPingFrame(ping.id()));
      } else if (msg instanceof SpdyGoAwayFrame) {
        ctx.close();
      }
      // SETTINGS, WINDOW_UPDATE, HEADERS: nothing to do for the k8s stream protocols.
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    closed();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A broken frame or a failed session: the connection ends, which the client reports as lost.
    ctx.close();
  }

  /** A client stream, with its (lower-cased) headers; it has been replied to. */
  protected abstract void opened(int streamId, Map<String, String> headers);

  protected abstract void data(int streamId, byte[] data);

  /** The client will send no more on the stream (FIN). */
  protected abstract void halfClosed(int streamId);

  protected void reset(int streamId) {
    halfClosed(streamId);
  }

  /** The connection is gone. */
  protected abstract void closed();

  /** Sends bytes on a stream (copied: the caller may reuse its buffer); callable from any thread. */
  protected void send(int streamId, byte[] data, int length) {
    for (int offset = 0; offset < length; offset += CHUNK) {
      int n = Math.min(CHUNK, length - offset);
      ctx.writeAndFlush(new DefaultSpdyDataFrame(streamId, Unpooled.copiedBuffer(data, offset, n)));
    }
  }

  /** Ends our side of a stream (an empty DATA frame with FIN). */
  protected void finish(int streamId) {
    ctx.writeAndFlush(new DefaultSpdyDataFrame(streamId).setLast(true));
  }

  /** GOAWAY, then the connection closed once everything before it is written. */
  protected void goAway() {
    ctx.writeAndFlush(new DefaultSpdyGoAwayFrame(0)).addListener(ChannelFutureListener.CLOSE);
  }
}
