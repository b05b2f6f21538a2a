package dev.vkube.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Discovery;
import dev.vkube.apiserver.api.ServerVersion;
import dev.vkube.apiserver.metrics.ApiMetrics;
import dev.vkube.apiserver.openapi.OpenApiService;
import dev.vkube.apiserver.openapi.protobuf.GnosticV2Encoder;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Health endpoints, /version and the discovery documents. */
final class NonResourceHandler {
  private static final String AGGREGATED = "as=apigroupdiscoverylist";
  private final Discovery discovery;
  private final HealthChecks health;
  private final ApiMetrics metrics;
  private final OpenApiService openapi;

  NonResourceHandler(Discovery discovery, HealthChecks health, ApiMetrics metrics, OpenApiService openapi) {
    this.discovery = discovery;
    this.health = health;
    this.metrics = metrics;
    this.openapi = openapi;
  }

  void handle(HttpServerRequest request, RequestInfo info) {
    String path = info.path().length() > 1 && info.path().endsWith("/")
        ? info.path().substring(0, info.path().length() - 1) : info.path();
    HttpServerResponse response = request.response();
    if (path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz")
        || path.matches("/(healthz|livez|readyz)/.+")) {
      health(request, path);
    } else if (path.startsWith("/openapi/")) {
      openapi(request, path);
    } else if (path.equals("/metrics")) {
      Responder.bytes(response, 200, ApiMetrics.contentType(), metrics.scrape());
    } else if (path.equals("/version")) {
      Responder.json(response, 200, ServerVersion.document());
    } else if (path.equals("/api") || path.equals("/apis")) {
      groups(request, path.equals("/api"));
    } else if (info.apiPrefix() != null) {
      groupOrVersion(response, info);
    } else {
      throw ApiException.pathNotFound();
    }
  }

  /**
   * /openapi/v2 (gnostic's protobuf encoding when the Accept header asks for it, else JSON),
   * /openapi/v3 (the index) and /openapi/v3/GROUP-VERSION (immutable for a given ?hash).
   */
  private void openapi(HttpServerRequest request, String path) {
    HttpServerResponse response = request.response();
    if (path.equals("/openapi/v2") && GnosticV2Encoder.accepts(request.getHeader("Accept"))) {
      Responder.bytes(response, 200, GnosticV2Encoder.MEDIA_TYPE, openapi.v2Protobuf());
    } else if (path.equals("/openapi/v2")) {
      Responder.bytes(response, 200, "application/json", openapi.v2());
    } else if (path.equals("/openapi/v3")) {
      Responder.bytes(response, 200, "application/json", openapi.v3Index());
    } else if (path.startsWith("/openapi/v3/")) {
      String groupVersion = path.substring("/openapi/v3/".length());
      byte[] document = openapi.v3(groupVersion).orElseThrow(ApiException::pathNotFound);
      String hash = openapi.v3Hash(groupVersion);
      response.putHeader("Etag", "\"" + hash + "\"");
      if (hash != null && hash.equals(request.getParam("hash"))) {
        response.putHeader("Cache-Control", "public, immutable");
        response.putHeader("Expires", "Thu, 01 Jan 2099 00:00:00 GMT");
      }
      if (response.headers().contains("Cache-Control")) {
        response.setStatusCode(200).putHeader("Content-Type", "application/json");
        response.end(io.vertx.core.buffer.Buffer.buffer(document));
      } else {
        Responder.bytes(response, 200, "application/json", document);
      }
    } else {
      throw ApiException.pathNotFound();
    }
  }

  private void groups(HttpServerRequest request, boolean core) {
    String accept = request.getHeader("Accept") == null ? "" : request.getHeader("Accept").toLowerCase(
        java.util.Locale.ROOT).replace(" ", "");
    for (String offer : accept.split(",")) {
      if (offer.contains(AGGREGATED) && offer.contains("g=apidiscovery.k8s.io")) {
        String version = offer.contains("v=v2beta1") ? "v2beta1" : "v2";
        ObjectNode doc = discovery.aggregated(core, version);
        request.response().putHeader("Vary", "Accept");
        Responder.bytes(request.response(), 200, "application/json;g=apidiscovery.k8s.io;v=" + version
            + ";as=APIGroupDiscoveryList", doc.toString().getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (offer.startsWith("application/json") || offer.startsWith("*/*")) {
        break;
      }
    }
    Responder.json(request.response(), 200, core ? discovery.apiVersions() : discovery.apiGroupList());
  }

  private void groupOrVersion(HttpServerResponse response, RequestInfo info) {
    ObjectNode doc = info.version() == null ? discovery.apiGroup(info.group(), true)
        : discovery.apiResourceList(info.group(), info.version());
    if (doc == null) {
      throw ApiException.pathNotFound();
    }
    Responder.json(response, 200, doc);
  }

  private void health(HttpServerRequest request, String path) {
    String[] parts = path.substring(1).split("/", 2);
    boolean verbose = request.params().contains("verbose");
    StringBuilder report = new StringBuilder();
    boolean ok = true;
    for (Map.Entry<String, BooleanSupplier> check : health.of(parts[0]).entrySet()) {
      if (parts.length == 2 && !parts[1].equals(check.getKey())) {
        continue;
      }
      boolean passed = check.getValue().getAsBoolean();
      ok &= passed;
      report.append(passed ? "[+]" : "[-]").append(check.getKey()).append(passed ? " ok" : " failed: not ready")
          .append('\n');
    }
    String body = verbose || !ok ? report + parts[0] + " check " + (ok ? "passed" : "failed") + "\n" : "ok";
    Responder.bytes(request.response(), ok ? 200 : 500, "text/plain; charset=utf-8",
        body.getBytes(StandardCharsets.UTF_8));
  }
}
