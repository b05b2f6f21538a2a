package dev.vkube.apiserver.proxy;

import io.vertx.core.buffer.Buffer;

/**
 * RFC 6455 §5.2 frames a server writes: whole (FIN set), unmasked (§5.1: a server never masks). The
 * tunnel writes each piece it reads from the target as one binary message, as kube-apiserver's
 * TunnelingConnection writes each Write as one message.
 */
final class WebSocketFrames {
  /** §7.4.1: the normal end, which client-go's TunnelingConnection reads as EOF. */
  static final int NORMAL_CLOSURE = 1000;

  private WebSocketFrames() {}

  static Buffer binary(Buffer payload) {
    return frame(WebSocketDecoder.BINARY, payload);
  }

  static Buffer pong(Buffer ping) {
    return frame(WebSocketDecoder.PONG, ping);
  }

  static Buffer close(int code) {
    return frame(WebSocketDecoder.CLOSE, Buffer.buffer(2).appendUnsignedShort(code));
  }

  /** The code of a close frame's payload; none given (§7.1.5: "no status code", 1005) is answered as normal. */
  static int closeCode(Buffer payload) {
    return payload.length() >= 2 ? payload.getUnsignedShort(0) : NORMAL_CLOSURE;
  }

  static Buffer frame(int opcode, Buffer payload) {
    int length = payload.length();
    Buffer frame = Buffer.buffer(length + 10).appendByte((byte) (0x80 | opcode));
    if (length < 126) {
      frame.appendByte((byte) length);
    } else if (length <= 0xFFFF) {
      frame.appendByte((byte) 126).appendUnsignedShort(length);
    } else {
      frame.appendByte((byte) 127).appendLong(length);
    }
    return frame.appendBuffer(payload);
  }
}
