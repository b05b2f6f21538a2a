package dev.vkube.apiserver.proxy;

import io.vertx.core.buffer.Buffer;

/**
 * RFC 6455 §5 frames from a client, decoded as the bytes arrive. Data payloads are handed on in the
 * pieces they arrive in, unmasked, never buffered whole (a tunnel forwards bytes, it does not need
 * message boundaries); control frames (at most 125 bytes, §5.5) are handed on whole. Only binary
 * messages are data: the SPDY tunnel carries bytes, and client-go's TunnelingConnection rejects any
 * other message type as well ("invalid message type received"). No extension is negotiated, so the
 * RSV bits must be clear.
 */
final class WebSocketDecoder {
  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;
  /** §7.4.1 close codes. */
  static final int PROTOCOL_ERROR = 1002;
  static final int UNSUPPORTED_DATA = 1003;
  private static final int MAX_CONTROL_PAYLOAD = 125;

  /** Where decoded frames go. */
  interface Listener {
    /** A piece of a binary message's payload (never empty). */
    void data(Buffer payload);

    /** A whole close, ping or pong frame. */
    void control(int opcode, Buffer payload);

    /** The client broke the protocol; nothing more is decoded. */
    void invalid(int closeCode, String reason);
  }

  private final Listener listener;
  private final byte[] head = new byte[14];
  private int headLength;
  private boolean inPayload;
  private long remaining;
  private final byte[] mask = new byte[4];
  private long maskOffset;
  private int opcode;
  private boolean fin;
  private boolean inMessage;
  private Buffer control;
  private boolean failed;

  WebSocketDecoder(Listener listener) {
    this.listener = listener;
  }

  void feed(Buffer chunk) {
    int pos = 0;
    while (!failed && (pos < chunk.length() || inPayload && remaining == 0)) {
      pos = inPayload ? payload(chunk, pos) : head(chunk, pos);
    }
  }

  /** Collects the 2 to 14 header bytes (§5.2), then checks them. */
  private int head(Buffer chunk, int pos) {
    while (pos < chunk.length() && headLength < headSize()) {
      head[headLength++] = chunk.getByte(pos++);
    }
    if (headLength == headSize()) {
      startFrame();
      headLength = 0;
    }
    return pos;
  }

  private int headSize() {
    if (headLength < 2) {
      return 2;
    }
    int length7 = head[1] & 0x7F;
    int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
    return 2 + extended + ((head[1] & 0x80) != 0 ? 4 : 0);
  }

  private void startFrame() {
    fin = (head[0] & 0x80) != 0;
    opcode = head[0] & 0x0F;
    int length7 = head[1] & 0x7F;
    int pos = 2;
    long length = length7;
    if (length7 == 126) {
      length = (head[2] & 0xFFL) << 8 | head[3] & 0xFFL;
      pos = 4;
    } else if (length7 == 127) {
      length = 0;
      for (int i = 0; i < 8; i++) {
        length = length << 8 | head[2 + i] & 0xFFL;
      }
      pos = 10;
    }
    if ((head[1] & 0x80) == 0) {
      fail(PROTOCOL_ERROR, "client frames must be masked");
      return;
    }
    System.arraycopy(head, pos, mask, 0, 4);
    String problem = check(length);
    if (problem != null) {
      fail(opcode == TEXT ? UNSUPPORTED_DATA : PROTOCOL_ERROR, problem);
      return;
    }
    remaining = length;
    maskOffset = 0;
    control = opcode >= CLOSE ? Buffer.buffer((int) length) : null;
    if (opcode == BINARY) {
      inMessage = true;
    }
    inPayload = true;
  }

  /** Why this frame is refused (RFC 6455 §5.2, §5.4, §5.5), or null. */
  private String check(long length) {
    if ((head[0] & 0x70) != 0) {
      return "reserved bits set without an extension";
    }
    if (length < 0) {
      return "payload length with the most significant bit set";
    }
    return switch (opcode) {
      case TEXT -> "the SPDY tunnel carries binary messages only";
      case BINARY -> inMessage ? "new message before the previous one ended" : null;
      case CONTINUATION -> inMessage ? null : "continuation frame outside a message";
      case CLOSE, PING, PONG -> !fin || length > MAX_CONTROL_PAYLOAD ? "fragmented or oversized control frame" : null;
      default -> "unknown opcode " + opcode;
    };
  }

  private int payload(Buffer chunk, int pos) {
    int n = (int) Math.min(remaining, chunk.length() - pos);
    if (n > 0) {
      byte[] bytes = chunk.getBytes(pos, pos + n);
      for (int i = 0; i < n; i++) {
        bytes[i] ^= mask[(int) ((maskOffset + i) & 3)];
      }
      maskOffset += n;
      remaining -= n;
      if (control != null) {
        control.appendBytes(bytes);
      } else {
        listener.data(Buffer.buffer(bytes));
      }
    }
    if (remaining == 0) {
      endFrame();
    }
    return pos + n;
  }

  private void endFrame() {
    inPayload = false;
    if (control != null) {
      Buffer whole = control;
      control = null;
      listener.control(opcode, whole);
    } else if (fin) {
      inMessage = false;
    }
  }

  private void fail(int code, String reason) {
    failed = true;
    listener.invalid(code, reason);
  }
}
