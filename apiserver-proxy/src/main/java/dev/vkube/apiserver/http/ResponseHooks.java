package dev.vkube.apiserver.http;

import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs actions once when a response ends or its stream closes. Vert.x keeps one end and one close
 * handler per response, so everyone who needs to know (metrics, a watch) registers here instead.
 */
final class ResponseHooks {
  private final List<Runnable> actions = new CopyOnWriteArrayList<>();
  private final AtomicBoolean fired = new AtomicBoolean();

  static ResponseHooks attach(HttpServerResponse response) {
    ResponseHooks hooks = new ResponseHooks();
    response.endHandler(v -> hooks.fire());
    response.closeHandler(v -> hooks.fire());
    return hooks;
  }

  void add(Runnable action) {
    actions.add(action);
  }

  private void fire() {
    if (fired.compareAndSet(false, true)) {
      actions.forEach(Runnable::run);
    }
  }
}
