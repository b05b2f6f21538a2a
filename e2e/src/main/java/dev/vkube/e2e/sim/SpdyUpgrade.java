package dev.vkube.e2e.sim;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.internal.net.NetSocketInternal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kubelet's SPDY/3.1 upgrade (apimachinery util/httpstream/spdy upgrade.go): the client's POST
 * with {@code Upgrade: SPDY/3.1} and the {@code X-Stream-Protocol-Version}s it speaks is answered 101
 * with the protocol chosen, and the connection then carries SPDY frames, decoded by Netty's
 * SpdyFrameCodec (header blocks zlib-compressed with the SPDY/3 dictionary) for a session handler.
 * Vert.x switches only GET upgrades itself, so the HTTP/1.1 connection is taken over directly.
 */
final class SpdyUpgrade {
  static final String SPDY_31 = "SPDY/3.1";

  private SpdyUpgrade() {}

  static boolean requested(HttpServerRequest request) {
    return SPDY_31.equalsIgnoreCase(request.getHeader("Upgrade"));
  }

  /**
   * httpstream.Handshake: the first protocol the client lists that we serve; none is a 403 naming
   * both lists, as the kubelet answers.
   */
  static Optional<String> negotiate(HttpServerRequest request, List<String> served) {
    List<String> offered = new ArrayList<>();
    for (String value : request.headers().getAll("X-Stream-Protocol-Version")) {
      for (String protocol : value.split(",")) {
        offered.add(protocol.trim());
      }
    }
    Optional<String> chosen = offered.stream().filter(served::contains).findFirst();
    if (chosen.isEmpty()) {
      KubeletApi.plain(request, 403, "unable to upgrade: unable to negotiate protocol: client supports "
          + offered + ", server accepts " + served);
    }
    return chosen;
  }

  /** Answers 101 with {@code protocol} and hands the connection's frames to {@code session}. */
  static void accept(HttpServerRequest request, String protocol, ChannelHandler session) {
    if (!(request.connection() instanceof Http1xServerConnection http1)) {
      KubeletApi.plain(request, 400, "SPDY upgrades need HTTP/1.1");
      return;
    }
    http1.netSocket().onSuccess(socket -> {
      ChannelHandlerContext vertxHandler = ((NetSocketInternal) socket).channelHandlerContext();
      ChannelPipeline pipeline = vertxHandler.pipeline();
      pipeline.addBefore(vertxHandler.name(), "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
      pipeline.addBefore(vertxHandler.name(), "spdy-session", session);
      String head = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: " + SPDY_31
          + "\r\nX-Stream-Protocol-Version: " + protocol + "\r\n\r\n";
      // Written below the codec: the head is HTTP, everything after it SPDY frames.
      pipeline.context("spdy").writeAndFlush(Unpooled.copiedBuffer(head, StandardCharsets.ISO_8859_1));
      // Vert.x stopped reading while the request was served; the session reads everything now
      // (nothing reaches the Vert.x socket behind it).
      socket.handler(ignored -> { });
      socket.resume();
      vertxHandler.channel().config().setAutoRead(true);
      vertxHandler.channel().read();
    });
  }
}
