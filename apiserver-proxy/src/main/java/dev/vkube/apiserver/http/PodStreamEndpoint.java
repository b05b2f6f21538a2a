package dev.vkube.apiserver.http;

import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.proxy.PodStream;
import dev.vkube.apiserver.proxy.PodStreamProxy;
import io.vertx.core.Context;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;

/**
 * The HTTP side of pods/log, exec, attach and portforward: allowed methods, the extra authorization
 * of WebSocket upgrades, then the proxy; its failures are written here as Status responses.
 */
final class PodStreamEndpoint {
  private final PodStreamProxy proxy;
  private final RequestSecurity security;

  PodStreamEndpoint(PodStreamProxy proxy, RequestSecurity security) {
    this.proxy = proxy;
    this.security = security;
  }

  static Optional<PodStream> match(RequestInfo info) {
    if (!info.isResourceRequest() || info.name() == null || info.namespace() == null) {
      return Optional.empty();
    }
    return PodStream.of(info.group(), info.resource(), info.subresource());
  }

  void handle(HttpServerRequest request, RequestInfo info, PodStream stream, UserInfo user, Context context) {
    HttpMethod method = request.method();
    boolean allowed = stream == PodStream.LOG ? method == HttpMethod.GET
        : method == HttpMethod.GET || method == HttpMethod.POST;
    if (!allowed) {
      throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
    authorizeUpgradeAsCreate(request, info, stream, user);
    proxy.serve(request, stream, info.namespace(), info.name(), context).whenComplete((v, failure) -> {
      if (failure != null) {
        context.runOnContext(x -> Responder.failure(request.response(), failure));
      }
    });
  }

  /**
   * SPDY upgrades are POSTs (verb create); WebSocket upgrades must be GETs, so RBAC first sees verb
   * get. kube-apiserver's AuthorizePodWebsocketUpgradeCreatePermission (beta and on by default since
   * 1.35; 1.33 checked only get) also requires create for them, closing the gap that let a read-only
   * role exec: vkube always applies it. The edit and admin roles grant both verbs.
   */
  private void authorizeUpgradeAsCreate(HttpServerRequest request, RequestInfo info, PodStream stream,
      UserInfo user) {
    if (stream.upgrades() && request.method() == HttpMethod.GET) {
      security.authorize(user, new RequestInfo(info.path(), "create", info.apiPrefix(), info.group(), info.version(),
          info.namespace(), info.resource(), info.name(), info.subresource()), "POST");
    }
  }
}
