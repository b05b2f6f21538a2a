package dev.vkube.apiserver.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;

/** Reads a request body up to a limit; past it the request is answered 413 and the rest discarded. */
final class BodyCollector {
  private BodyCollector() {}

  static void collect(HttpServerRequest request, int limit, Consumer<byte[]> onBody, Runnable onTooLarge) {
    Buffer body = Buffer.buffer();
    boolean[] over = new boolean[1];
    request.handler(chunk -> {
      if (over[0]) {
        return;
      }
      if (body.length() + chunk.length() > limit) {
        over[0] = true;
        onTooLarge.run();
        return;
      }
      body.appendBuffer(chunk);
    });
    request.endHandler(v -> {
      if (!over[0]) {
        onBody.accept(body.getBytes());
      }
    });
  }
}
