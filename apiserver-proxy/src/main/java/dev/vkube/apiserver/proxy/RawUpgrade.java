package dev.vkube.apiserver.proxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;

/**
 * An upgrade request to the target written and its answer read at the byte level, as
 * kube-apiserver's UpgradeAwareHandler dials the backend and writes the request itself. Used for
 * SPDY/3.1 upgrades (POSTs): Vert.x's HTTP client switches a connection only for GET upgrades and
 * CONNECT, and would parse the SPDY frames after a 101 to a POST as further HTTP responses.
 */
final class RawUpgrade {
  /** A target's answer head larger than this is not an HTTP response we relay. */
  private static final int MAX_HEAD = 64 * 1024;
  private static final Buffer END_OF_HEAD = Buffer.buffer("\r\n\r\n");

  /**
   * The target's answer: status, headers, the bytes after the head already read (the start of the
   * switched protocol after a 101, or of the refusal's body) and the still open, paused socket.
   */
  record Answer(int status, MultiMap headers, Buffer rest, NetSocket socket) {}

  private RawUpgrade() {}

  static Future<Answer> send(UpstreamClients clients, Upstream upstream, String method, MultiMap headers) {
    return clients.netClient(upstream.tls()).connect(upstream.port(), upstream.host()).compose(socket -> {
      Promise<Answer> answer = Promise.promise();
      Buffer received = Buffer.buffer();
      socket.handler(chunk -> {
        if (answer.future().isComplete()) {
          return;
        }
        received.appendBuffer(chunk);
        int end = indexOf(received, END_OF_HEAD);
        if (end >= 0) {
          socket.pause();
          socket.handler(null);
          try {
            answer.complete(parse(received.getString(0, end, "ISO-8859-1"), received.getBuffer(end + 4,
                received.length()), socket));
          } catch (IllegalArgumentException e) {
            socket.close();
            answer.fail(e);
          }
        } else if (received.length() > MAX_HEAD) {
          socket.close();
          answer.fail("malformed HTTP response from the target: no end of head in " + MAX_HEAD + " bytes");
        }
      });
      socket.exceptionHandler(answer::tryFail);
      socket.closeHandler(v -> answer.tryFail("connection closed by the target before it answered"));
      socket.write(requestHead(upstream, method, headers));
      return answer.future();
    });
  }

  static Buffer requestHead(Upstream upstream, String method, MultiMap headers) {
    StringBuilder head = new StringBuilder(method).append(' ').append(upstream.pathAndQuery()).append(" HTTP/1.1\r\n")
        .append("Host: ").append(upstream.host()).append(':').append(upstream.port()).append("\r\n");
    headers.forEach((name, value) -> {
      if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
        head.append(name).append(": ").append(value).append("\r\n");
      }
    });
    // An upgrade request carries no body; saying so keeps the target from waiting for one.
    head.append("Content-Length: 0\r\n\r\n");
    return Buffer.buffer(head.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  static Answer parse(String head, Buffer rest, NetSocket socket) {
    String[] lines = head.split("\r\n");
    String[] status = lines[0].split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
      throw new IllegalArgumentException("malformed HTTP response from the target: " + lines[0]);
    }
    int code;
    try {
      code = Integer.parseInt(status[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed HTTP status from the target: " + lines[0]);
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.add(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
      }
    }
    return new Answer(code, headers, rest, socket);
  }

  /**
   * The body of a refusal: Content-Length bytes, or all bytes until the target closes (a Go server
   * that closes after an error). Chunked bodies are read until close as well and then de-chunked.
   */
  static Future<Buffer> body(Answer answer) {
    Promise<Buffer> body = Promise.promise();
    Buffer received = answer.rest().copy();
    String length = answer.headers().get("Content-Length");
    long expected = contentLength(length);
    boolean chunked = "chunked".equalsIgnoreCase(answer.headers().get("Transfer-Encoding"));
    Runnable finish = () -> body.tryComplete(chunked ? dechunk(received) : expected >= 0
        ? received.getBuffer(0, (int) Math.min(expected, received.length())) : received);
    if (expected >= 0 && received.length() >= expected || chunked && endsChunked(received)) {
      finish.run();
      return body.future();
    }
    NetSocket socket = answer.socket();
    socket.handler(chunk -> {
      received.appendBuffer(chunk);
      if (expected >= 0 && received.length() >= expected || chunked && endsChunked(received)) {
        finish.run();
      } else if (received.length() > MAX_HEAD) {
        finish.run();
      }
    });
    socket.closeHandler(v -> finish.run());
    socket.exceptionHandler(e -> finish.run());
    socket.resume();
    return body.future();
  }

  /** -1 when absent or malformed: then the body is whatever comes until the target closes. */
  private static long contentLength(String header) {
    try {
      return header == null ? -1 : Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean endsChunked(Buffer received) {
    return indexOf(received, Buffer.buffer("0\r\n\r\n")) >= 0;
  }

  private static Buffer dechunk(Buffer chunked) {
    Buffer out = Buffer.buffer();
    int pos = 0;
    while (pos < chunked.length()) {
      int lineEnd = indexOf(chunked.getBuffer(pos, chunked.length()), Buffer.buffer("\r\n"));
      if (lineEnd < 0) {
        break;
      }
      String sizeText = chunked.getString(pos, pos + lineEnd).split(";")[0].trim();
      int size;
      try {
        size = Integer.parseInt(sizeText, 16);
      } catch (NumberFormatException e) {
        break;
      }
      pos += lineEnd + 2;
      if (size == 0 || pos + size > chunked.length()) {
        break;
      }
      out.appendBuffer(chunked.getBuffer(pos, pos + size));
      pos += size + 2;
    }
    return out;
  }

  static int indexOf(Buffer haystack, Buffer needle) {
    outer:
    for (int i = 0; i + needle.length() <= haystack.length(); i++) {
      for (int j = 0; j < needle.length(); j++) {
        if (haystack.getByte(i + j) != needle.getByte(j)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
