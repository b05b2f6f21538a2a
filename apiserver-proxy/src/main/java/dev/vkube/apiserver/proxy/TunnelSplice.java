package dev.vkube.apiserver.proxy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Both halves of a switched SPDY-over-WebSocket tunnel: the payload of the client's binary messages
 * goes to the target's socket as raw bytes, and what the target sends goes to the client as binary
 * messages, as kube-apiserver copies between its TunnelingConnection and the backend's SPDY
 * connection (apiserver/pkg/util/proxy/streamtunnel.go). The proxy never parses the SPDY frames.
 * Backpressure both ways: a side whose write queue is full stops the other side's reading until it
 * drains. Either end closes both: the target's end is a normal close (1000) for the client, which
 * client-go reads as EOF; a close frame from the client is answered in kind and closes the target.
 */
final class TunnelSplice implements WebSocketDecoder.Listener {
  private final NetSocket client;
  private final NetSocket target;
  private final AtomicBoolean closed = new AtomicBoolean();

  private TunnelSplice(NetSocket client, NetSocket target) {
    this.client = client;
    this.target = target;
  }

  /**
   * @param targetRest bytes the target sent right after its 101, already read with the head
   */
  static void start(NetSocket client, NetSocket target, Buffer targetRest) {
    TunnelSplice splice = new TunnelSplice(client, target);
    WebSocketDecoder decoder = new WebSocketDecoder(splice);
    client.handler(decoder::feed);
    target.handler(splice::fromTarget);
    client.closeHandler(v -> splice.closeBoth(null));
    target.closeHandler(v -> splice.closeBoth(WebSocketFrames.NORMAL_CLOSURE));
    client.exceptionHandler(e -> splice.closeBoth(null));
    target.exceptionHandler(e -> splice.closeBoth(WebSocketFrames.NORMAL_CLOSURE));
    if (targetRest.length() > 0) {
      splice.fromTarget(targetRest);
    }
    client.resume();
    target.resume();
  }

  private void fromTarget(Buffer bytes) {
    client.write(WebSocketFrames.binary(bytes));
    if (client.writeQueueFull()) {
      target.pause();
      client.drainHandler(v -> target.resume());
    }
  }

  @Override
  public void data(Buffer payload) {
    target.write(payload);
    if (target.writeQueueFull()) {
      client.pause();
      target.drainHandler(v -> client.resume());
    }
  }

  @Override
  public void control(int opcode, Buffer payload) {
    switch (opcode) {
      case WebSocketDecoder.PING -> client.write(WebSocketFrames.pong(payload));
      case WebSocketDecoder.CLOSE -> closeBoth(WebSocketFrames.closeCode(payload));
      default -> { } // an unsolicited pong needs no answer (RFC 6455 §5.5.3)
    }
  }

  @Override
  public void invalid(int closeCode, String reason) {
    closeBoth(closeCode);
  }

  /** Once: the client gets a close frame with {@code code} (null when it is gone), then both sockets close. */
  private void closeBoth(Integer code) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    target.close();
    if (code != null) {
      client.end(WebSocketFrames.close(code));
    } else {
      client.close();
    }
  }
}
