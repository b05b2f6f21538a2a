package dev.vkube.apiserver.http;

import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Discovery;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.metrics.ApiMetrics;
import dev.vkube.apiserver.metrics.RequestLabels;
import dev.vkube.apiserver.proxy.PodStreamProxy;
import dev.vkube.apiserver.registry.GenericStore;
import dev.vkube.apiserver.registry.ResourceDefinition;
import dev.vkube.apiserver.registry.ResourceRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The HTTPS edge: TLS 1.2/1.3 with ALPN h2 and http/1.1, client-certificate authentication, then
 * non-resource endpoints (health, version, discovery) or the generic resource verbs.
 */
public final class ApiServer {

  private final Vertx vertx;
  private final ResourceRegistry registry;
  private final Function<ResourceDefinition, GenericStore> stores;
  private final ServerTls tls;
  private final RequestSecurity security;
  private final NonResourceHandler nonResource;
  private final ResourceHandler resources;
  private final ApiMetrics metrics;
  private final PodStreamProxy podStreamProxy;
  private final PodStreamEndpoint podStreams;
  private static final int INSTANCES = 2 * Runtime.getRuntime().availableProcessors();
  private final List<HttpServer> servers = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** PEM material of the serving certificate and the client CA. */
  public record ServerTls(String certificatePem, String keyPem, String clientCaPem) {}

  public ApiServer(Vertx vertx, ApiServices services, ServerTls tls) {
    this.vertx = vertx;
    this.registry = services.registry();
    this.stores = services.stores();
    this.tls = tls;
    this.metrics = services.metrics();
    this.security = new RequestSecurity(services.authenticator(), services.authorizer(), services.impersonation());
    this.nonResource = new NonResourceHandler(new Discovery(registry), services.health(), metrics,
        services.openapi());
    this.resources = new ResourceHandler(new BodyReader(services.protobuf()), services.tables(),
        new WatchStreamer(vertx), new FieldValidation(services.openapi(), services.schemasReady()),
        services.virtualResources(), services.evictions(), services.bindings());
    this.podStreamProxy = new PodStreamProxy(vertx, services.podStreams());
    this.podStreams = new PodStreamEndpoint(podStreamProxy, security);
  }

  /**
   * Listens with one server instance per event loop (2 per core): Vert.x shares the port and spreads
   * connections over the instances, so the API uses every core rather than one event loop.
   */
  public Future<HttpServer> listen(String host, int port) {
    HttpServerOptions options = new HttpServerOptions()
        .setSsl(true)
        .setSslEngineOptions(new JdkTlsEngine())
        .setUseAlpn(true)
        .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
        .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
        .setKeyCertOptions(KeyCertOptions.wrap(ServerKeys.keyManager(tls.certificatePem(), tls.keyPem())))
        .setTrustOptions(TrustOptions.wrap(ServerKeys.acceptAnyClient(tls.clientCaPem())))
        .setClientAuth(ClientAuth.REQUEST)
        .setMaxFormAttributeSize(BodyReader.MAX_BODY_BYTES)
        .setCompressionSupported(false);
    options.getInitialSettings().setMaxConcurrentStreams(1000);
    // Vert.x shares one port among the instances of one Vert.x; for "any port" pick a free one first
    // (Vert.x's shared random port, -1, is process-wide: two clusters in one JVM would collide).
    int shared = port == 0 ? freePort(host) : port;
    List<Future<HttpServer>> listening = new java.util.ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      HttpServer server = vertx.createHttpServer(options).connectionHandler(FanOutFlush::install)
          .requestHandler(this::handle);
      servers.add(server);
      listening.add(server.listen(shared, host));
    }
    return Future.all(listening).map(all -> listening.get(0).result());
  }

  private static int freePort(String host) {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public Future<Void> close() {
    podStreamProxy.close();
    return Future.all(servers.stream().map(HttpServer::close).toList()).mapEmpty();
  }

  private void handle(HttpServerRequest request) {
    Context context = vertx.getOrCreateContext();
    String length = request.getHeader("Content-Length");
    if (length != null && parseLength(length) > BodyReader.MAX_BODY_BYTES) {
      // Answer at once; the unread body is discarded (HTTP/2 resets only this stream).
      Responder.failure(request.response(), tooLarge());
      return;
    }
    // Upgrades (WebSocket watches, exec/attach/port-forward over WebSocket or SPDY) carry no body.
    if (request.getHeader("Upgrade") != null) {
      dispatch(request, new byte[0], context);
      return;
    }
    BodyCollector.collect(request, BodyReader.MAX_BODY_BYTES,
        body -> dispatch(request, body, context),
        () -> Responder.failure(request.response(), tooLarge()));
  }

  private void dispatch(HttpServerRequest request, byte[] body, Context context) {
    try {
      String path = request.path();
      RequestInfo info = RequestInfoParser.parse(request.method().name(), path,
          ListQuery.bool(request.getParam("watch")));
      ResponseHooks hooks = measure(request, info);
      UserInfo user = security.impersonate(security.authenticate(request), request);
      security.authorize(user, info, request.method().name());
      if (!info.isResourceRequest()) {
        nonResource.handle(request, info);
        return;
      }
      var podStream = PodStreamEndpoint.match(info);
      if (podStream.isPresent()) {
        podStreams.handle(request, info, podStream.get(), user, context);
        return;
      }
      ResourceDefinition def = registry.lookup(info.group(), info.version(), info.resource())
          .orElseThrow(ApiException::pathNotFound);
      resources.handle(request, body, info, stores.apply(def), context, hooks, user);
    } catch (RuntimeException e) {
      Responder.failure(request.response(), e);
    }
  }

  /** Counts the request and its latency when its response ends (watches also as long-running). */
  private ResponseHooks measure(HttpServerRequest request, RequestInfo info) {
    long start = System.nanoTime();
    RequestLabels labels = RequestLabels.of(info.verb(), request.method().name(), request.getHeader("Content-Type"),
        "All".equals(request.getParam("dryRun")), info.group(), info.version(), info.resource(), info.subresource(),
        info.namespace(), info.name());
    boolean watch = "watch".equals(info.verb());
    if (watch) {
      metrics.longRunning(labels, 1);
    }
    ResponseHooks hooks = ResponseHooks.attach(request.response());
    hooks.add(() -> {
      if (watch) {
        metrics.longRunning(labels, -1);
      }
      metrics.request(labels, request.response().getStatusCode(), (System.nanoTime() - start) / 1e9);
    });
    return hooks;
  }

  private static long parseLength(String length) {
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static ApiException tooLarge() {
    return ApiException.tooLarge("Request entity too large: limit is 3145728");
  }

}
