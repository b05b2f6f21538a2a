package dev.vkube.e2e.sim;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * One GET /containerLogs: the selected lines now, then (follow) each new line as the container
 * writes it, until the client goes away; limitBytes cuts the stream, as the kubelet's LimitWriter.
 */
final class LogStream {
  private final Vertx vertx;
  private final ContainerLog log;
  private long remaining = Long.MAX_VALUE;

  LogStream(Vertx vertx, ContainerLog log) {
    this.vertx = vertx;
    this.log = log;
  }

  void serve(HttpServerRequest request) {
    if ("true".equals(request.getParam("previous"))) {
      KubeletApi.plain(request, 400, "previous terminated container in pod not found");
      return;
    }
    boolean timestamps = "true".equals(request.getParam("timestamps"));
    Long limit = number(request.getParam("limitBytes"));
    remaining = limit == null ? Long.MAX_VALUE : limit;
    HttpServerResponse response = request.response().setStatusCode(200).setChunked(true)
        .putHeader("Content-Type", "text/plain");
    int end = log.written();
    int next = log.first(number(request.getParam("tailLines")), number(request.getParam("sinceSeconds")));
    for (String line : log.lines(next, end, timestamps)) {
      if (!write(response, line)) {
        return;
      }
    }
    if (!"true".equals(request.getParam("follow"))) {
      response.end();
      return;
    }
    int[] cursor = {end};
    long timer = vertx.setPeriodic(KubeletApi.LOG_INTERVAL.toMillis() / 2, id -> {
      int now = log.written();
      for (String line : log.lines(cursor[0], now, timestamps)) {
        if (!write(response, line)) {
          vertx.cancelTimer(id);
          return;
        }
      }
      cursor[0] = now;
    });
    response.closeHandler(v -> vertx.cancelTimer(timer));
  }

  /** Writes what the byte limit allows; false (and the response ended) once it is reached. */
  private boolean write(HttpServerResponse response, String line) {
    if (response.closed() || response.ended()) {
      return false;
    }
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    if (bytes.length >= remaining) {
      response.end(io.vertx.core.buffer.Buffer.buffer(bytes).slice(0, (int) remaining));
      return false;
    }
    remaining -= bytes.length;
    response.write(line);
    return true;
  }

  private static Long number(String value) {
    return value == null ? null : Long.parseLong(value);
  }
}
