package dev.vkube.e2e.sim;

import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** {@link StreamChannels} over a v4/v5.channel.k8s.io WebSocket (see {@link Channels}). */
final class WebSocketChannels implements StreamChannels {
  private final ServerWebSocket ws;

  WebSocketChannels(ServerWebSocket ws) {
    this.ws = ws;
  }

  @Override
  public void ready(boolean stdout) {
    ws.writeBinaryMessage(Channels.frame(stdout ? Channels.STDOUT : Channels.STDERR, new byte[0], 0));
  }

  @Override
  public void write(int channel, byte[] data, int length) {
    ws.writeBinaryMessage(Channels.frame(channel, data, length));
  }

  @Override
  public void finish(String statusJson) {
    byte[] bytes = statusJson.getBytes(StandardCharsets.UTF_8);
    ws.writeBinaryMessage(Channels.frame(Channels.ERROR, bytes, bytes.length)).onComplete(x -> ws.close((short) 1000));
  }

  @Override
  public void onInput(Consumer<byte[]> stdin, Runnable stdinClosed) {
    ws.binaryMessageHandler(message -> {
      if (message.length() == 0) {
        return;
      }
      int channel = message.getByte(0) & 0xff;
      if (channel == Channels.STDIN) {
        stdin.accept(message.getBytes(1, message.length()));
      } else if (channel == Channels.CLOSE && message.length() > 1 && message.getByte(1) == Channels.STDIN) {
        stdinClosed.run();
      }
      // RESIZE: no terminal is allocated, so there is nothing to resize.
    });
  }

  @Override
  public void onClose(Runnable closed) {
    ws.closeHandler(v -> closed.run());
  }

}
