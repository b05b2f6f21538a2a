package dev.vkube.e2e.sim;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;

/**
 * One `kubectl attach`: the container's main process is the log writer, so attaching streams each
 * line it writes from now on to stdout (channel 1) until the client detaches. Its stdin is not
 * read (no simulated main process reads input), as with a container started without `stdin: true`.
 */
final class AttachSession {
  private final Vertx vertx;
  private final StreamChannels io;
  private final ContainerLog log;

  AttachSession(Vertx vertx, StreamChannels io, ContainerLog log) {
    this.vertx = vertx;
    this.io = io;
    this.log = log;
  }

  void start() {
    io.ready(true);
    int[] cursor = {log.written()};
    long timer = vertx.setPeriodic(KubeletApi.LOG_INTERVAL.toMillis() / 2, id -> {
      int now = log.written();
      for (String line : log.lines(cursor[0], now, false)) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        io.write(Channels.STDOUT, bytes, bytes.length);
      }
      cursor[0] = now;
    });
    io.onInput(data -> { }, () -> { });
    io.onClose(() -> vertx.cancelTimer(timer));
  }
}
