package dev.vkube.apiserver.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.apiserver.api.ApiException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket side of the SPDY tunnel: client frames (masked, possibly fragmented, split anywhere
 * by TCP) decoded into the bytes they carry, server frames encoded, and the opening handshake.
 */
class WebSocketFramingTest {
  private final List<String> events = new ArrayList<>();
  private final Buffer data = Buffer.buffer();
  private final WebSocketDecoder decoder = new WebSocketDecoder(new WebSocketDecoder.Listener() {
    @Override
    public void data(Buffer payload) {
      assertTrue(payload.length() > 0);
      data.appendBuffer(payload);
    }

    @Override
    public void control(int opcode, Buffer payload) {
      events.add("control " + opcode + " " + payload);
    }

    @Override
    public void invalid(int closeCode, String reason) {
      events.add("invalid " + closeCode + " " + reason);
    }
  });

  /** A client frame as RFC 6455 §5.2 lays it out: masked with {@code mask}. */
  static Buffer clientFrame(boolean fin, int opcode, byte[] payload, byte[] mask) {
    Buffer frame = Buffer.buffer().appendByte((byte) ((fin ? 0x80 : 0) | opcode));
    if (payload.length < 126) {
      frame.appendByte((byte) (0x80 | payload.length));
    } else if (payload.length <= 0xFFFF) {
      frame.appendByte((byte) (0x80 | 126)).appendUnsignedShort(payload.length);
    } else {
      frame.appendByte((byte) (0x80 | 127)).appendLong(payload.length);
    }
    byte[] masked = new byte[payload.length];
    for (int i = 0; i < payload.length; i++) {
      masked[i] = (byte) (payload[i] ^ mask[i & 3]);
    }
    return frame.appendBytes(mask).appendBytes(masked);
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * seed + 3);
    }
    return b;
  }

  @Test
  void binaryMessagesOfEveryLengthEncodingAreUnmaskedWhateverTheChunking() {
    byte[] mask = {0x11, 0x22, 0x33, 0x44};
    Buffer stream = Buffer.buffer();
    Buffer expected = Buffer.buffer();
    for (int length : new int[] {0, 1, 125, 126, 65535, 65536, 200_000}) {
      byte[] payload = bytes(length, length % 7 + 1);
      stream.appendBuffer(clientFrame(true, WebSocketDecoder.BINARY, payload, mask));
      expected.appendBytes(payload);
    }
    // Fed one byte, then 7, 13, ... at a time: headers and masks cut at every position.
    int pos = 0;
    for (int step = 1; pos < stream.length(); step = step * 7 % 1009 + 1) {
      int end = Math.min(stream.length(), pos + step);
      decoder.feed(stream.getBuffer(pos, end));
      pos = end;
    }
    assertEquals(expected, data);
    assertEquals(List.of(), events);
  }

  @Test
  void fragmentedMessageWithAPingBetweenItsFragments() {
    byte[] mask = {1, 2, 3, 4};
    decoder.feed(clientFrame(false, WebSocketDecoder.BINARY, "SPDY ".getBytes(), mask)
        .appendBuffer(clientFrame(true, WebSocketDecoder.PING, "are you there".getBytes(), mask))
        .appendBuffer(clientFrame(false, WebSocketDecoder.CONTINUATION, "frames ".getBytes(), mask))
        .appendBuffer(clientFrame(true, WebSocketDecoder.CONTINUATION, "inside".getBytes(), mask))
        .appendBuffer(clientFrame(true, WebSocketDecoder.CLOSE, new byte[] {0x03, (byte) 0xE8}, mask)));
    assertEquals("SPDY frames inside", data.toString());
    assertEquals(List.of("control 9 are you there", "control 8 " + Buffer.buffer(new byte[] {0x03, (byte) 0xE8})),
        events);
  }

  @Test
  void textUnmaskedAndMalformedFramesEndTheConnection() {
    decoder.feed(clientFrame(true, WebSocketDecoder.TEXT, "hi".getBytes(), new byte[4]));
    decoder.feed(clientFrame(true, WebSocketDecoder.BINARY, "ignored after".getBytes(), new byte[4]));
    assertEquals(List.of("invalid 1003 the SPDY tunnel carries binary messages only"), events);
    assertEquals(0, data.length());

    assertEquals("invalid 1002 client frames must be masked", firstProblem(Buffer.buffer(new byte[] {(byte) 0x82, 1, 7})));
    assertEquals("invalid 1002 continuation frame outside a message",
        firstProblem(clientFrame(true, WebSocketDecoder.CONTINUATION, new byte[1], new byte[4])));
    assertEquals("invalid 1002 fragmented or oversized control frame",
        firstProblem(clientFrame(true, WebSocketDecoder.PING, new byte[126], new byte[4])));
    assertEquals("invalid 1002 reserved bits set without an extension",
        firstProblem(Buffer.buffer().appendByte((byte) 0xC2).appendBuffer(
            clientFrame(true, WebSocketDecoder.BINARY, new byte[1], new byte[4]).getBuffer(1, 7))));
  }

  private static String firstProblem(Buffer frame) {
    List<String> problems = new ArrayList<>();
    new WebSocketDecoder(new WebSocketDecoder.Listener() {
      @Override
      public void data(Buffer payload) {
        problems.add("data");
      }

      @Override
      public void control(int opcode, Buffer payload) {
        problems.add("control");
      }

      @Override
      public void invalid(int closeCode, String reason) {
        problems.add("invalid " + closeCode + " " + reason);
      }
    }).feed(frame);
    return problems.get(0);
  }

  @Test
  void serverFramesAreUnmaskedWithTheShortestLength() {
    assertEquals(Buffer.buffer(new byte[] {(byte) 0x82, 3, 'a', 'b', 'c'}), WebSocketFrames.binary(Buffer.buffer("abc")));
    Buffer medium = WebSocketFrames.binary(Buffer.buffer(bytes(300, 1)));
    assertEquals(126, medium.getByte(1));
    assertEquals(300, medium.getUnsignedShort(2));
    Buffer large = WebSocketFrames.binary(Buffer.buffer(bytes(70_000, 1)));
    assertEquals(127, large.getByte(1));
    assertEquals(70_000, large.getLong(2));
    assertEquals(70_010, large.length());
    assertEquals(Buffer.buffer(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xE8}), WebSocketFrames.close(1000));
    assertEquals(1000, WebSocketFrames.closeCode(Buffer.buffer()));
  }

  /** RFC 6455 §1.3's own example key and accept value. */
  @Test
  void handshakeAcceptsTheRfcExampleAndNamesTheChosenProtocol() {
    MultiMap request = MultiMap.caseInsensitiveMultiMap().add("Connection", "Upgrade").add("Upgrade", "websocket")
        .add("Sec-WebSocket-Version", "13").add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
        .add("Sec-WebSocket-Protocol", "SPDY/3.1+portforward.k8s.io, v5.channel.k8s.io")
        .add("Sec-WebSocket-Protocol", "SPDY/3.1+other.example.com");
    String key = WebSocketHandshake.key(request);
    assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketHandshake.answer(key, "p").get("Sec-WebSocket-Accept"));
    assertEquals(List.of("SPDY/3.1+portforward.k8s.io", "v5.channel.k8s.io", "SPDY/3.1+other.example.com"),
        WebSocketHandshake.protocols(request));
    assertEquals(List.of("portforward.k8s.io"), SpdyTunnel.spdyProtocols(request));

    request.set("Sec-WebSocket-Key", "c2hvcnQ=");
    ApiException badKey = assertThrows(ApiException.class, () -> WebSocketHandshake.key(request));
    assertEquals(400, badKey.code());
    request.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").set("Sec-WebSocket-Version", "8");
    assertThrows(ApiException.class, () -> WebSocketHandshake.key(request));
  }

  /** createSPDYRequest: a POST upgrade to SPDY/3.1 naming the protocols, without the WebSocket headers. */
  @Test
  void targetIsAskedForSpdyWithTheUnprefixedProtocols() {
    MultiMap client = MultiMap.caseInsensitiveMultiMap().add("Connection", "Upgrade").add("Upgrade", "websocket")
        .add("Sec-WebSocket-Version", "13").add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
        .add("Sec-WebSocket-Protocol", "SPDY/3.1+portforward.k8s.io").add("Authorization", "Bearer client")
        .add("User-Agent", "kubectl/v1.33.0");
    MultiMap spdy = SpdyTunnel.spdyRequest(client, List.of("portforward.k8s.io"));
    assertEquals("SPDY/3.1", spdy.get("Upgrade"));
    assertEquals("Upgrade", spdy.get("Connection"));
    assertEquals(List.of("portforward.k8s.io"), spdy.getAll("X-Stream-Protocol-Version"));
    assertEquals("kubectl/v1.33.0", spdy.get("User-Agent"));
    assertTrue(spdy.names().stream().noneMatch(n -> n.toLowerCase().startsWith("sec-websocket")
        || n.equalsIgnoreCase("Authorization")), spdy.names().toString());
  }
}
