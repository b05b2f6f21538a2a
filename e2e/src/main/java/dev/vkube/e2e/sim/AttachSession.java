package dev.vkube.e2e.sim;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;

/**
 * One `kubectl attach`: the container's main process is the log writer, so attaching streams each
 * line it writes from now on to stdout (channel 1) until the client detaches. Its stdin is not
 * read (no simulated main process reads input), as with a container started without `stdin: true`.
 */
final class AttachSession {
  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final ContainerLog log;

  AttachSession(Vertx vertx, ServerWebSocket ws, ContainerLog log) {
    this.vertx = vertx;
    this.ws = ws;
    this.log = log;
  }

  void start() {
    ws.writeBinaryMessage(Channels.frame(Channels.STDOUT, new byte[0], 0));
    int[] cursor = {log.written()};
    long timer = vertx.setPeriodic(KubeletApi.LOG_INTERVAL.toMillis() / 2, id -> {
      int now = log.written();
      for (String line : log.lines(cursor[0], now, false)) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        ws.writeBinaryMessage(Channels.frame(Channels.STDOUT, bytes, bytes.length));
      }
      cursor[0] = now;
    });
    ws.binaryMessageHandler(message -> { });
    ws.closeHandler(v -> vertx.cancelTimer(timer));
  }
}
