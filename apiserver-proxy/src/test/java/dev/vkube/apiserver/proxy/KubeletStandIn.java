package dev.vkube.apiserver.proxy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vkube.apiserver.VirtualCluster;
import dev.vkube.apiserver.testing.ApiClient;
import dev.vkube.certs.IssuedCertificate;
import dev.vkube.certs.LeafSpec;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A kubelet played by the test for the proxy's ITs: an HTTPS server whose certificate the cluster CA
 * issued (as the proxy's kubelet client expects), and the Node and Pod objects that send the API
 * server's pod streams to it.
 */
final class KubeletStandIn {
  private KubeletStandIn() {}

  /** Serves {@code handler} on a free loopback port and returns the port. */
  static int serve(VirtualCluster cluster, Vertx vertx, Handler<HttpServerRequest> handler) throws Exception {
    IssuedCertificate serving = cluster.context().pki().ca().issue(LeafSpec.server("kubelet", List.of(),
        List.of("127.0.0.1")));
    return vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(
            new PemKeyCertOptions().addCertValue(Buffer.buffer(serving.certificatePem()))
                .addKeyValue(Buffer.buffer(serving.privateKeyPem()))))
        .requestHandler(handler).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS).actualPort();
  }

  /** A Node whose kubelet is at 127.0.0.1:{@code port} (InternalIP and daemonEndpoints). */
  static void node(ApiClient api, String name, int port) throws Exception {
    ok(api.send("POST", "/api/v1/nodes", "application/json", "{\"metadata\":{\"name\":\"" + name + "\"}}"));
    ok(api.send("PATCH", "/api/v1/nodes/" + name + "/status", "application/merge-patch+json",
        "{\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"127.0.0.1\"}],"
            + "\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":" + port + "}}}}"));
  }

  /** A pod bound to {@code node} with the named containers. */
  static void pod(ApiClient api, String namespace, String name, String node, String... containers) throws Exception {
    String specs = List.of(containers).stream().map(c -> "{\"name\":\"" + c + "\",\"image\":\"x\"}")
        .collect(Collectors.joining(","));
    ok(api.send("POST", "/api/v1/namespaces/" + namespace + "/pods", "application/json",
        "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"nodeName\":\"" + node + "\",\"containers\":["
            + specs + "]}}"));
  }

  static void namespace(ApiClient api, String name) throws Exception {
    ok(api.send("POST", "/api/v1/namespaces", "application/json", "{\"metadata\":{\"name\":\"" + name + "\"}}"));
  }

  private static void ok(ApiClient.Reply reply) {
    assertTrue(reply.code() < 300, reply.body());
  }
}
