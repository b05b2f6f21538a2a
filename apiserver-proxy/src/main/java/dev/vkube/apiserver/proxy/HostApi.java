package dev.vkube.apiserver.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import dev.vkube.syncer.TokenFile;

/** The host cluster's API server as a kubeconfig describes it: its URL, CA and our credentials. */
public record HostApi(URI server, UpstreamTls tls) {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * Reads the current context of a kubeconfig: the cluster's server and CA (inline or a file,
   * insecure-skip-tls-verify honoured) and the user's client certificate and key or token.
   */
  public static HostApi fromKubeconfig(Path file) {
    try {
      JsonNode config = YAML.readTree(file.toFile());
      String contextName = config.path("current-context").asText();
      JsonNode context = named(config.path("contexts"), contextName).path("context");
      JsonNode cluster = named(config.path("clusters"), context.path("cluster").asText()).path("cluster");
      JsonNode user = named(config.path("users"), context.path("user").asText()).path("user");
      Path base = file.toAbsolutePath().getParent();
      return new HostApi(URI.create(cluster.path("server").asText()), new UpstreamTls(
          material(cluster, "certificate-authority", base),
          cluster.path("insecure-skip-tls-verify").asBoolean(false),
          material(user, "client-certificate", base), material(user, "client-key", base),
          user.hasNonNull("token") ? user.path("token").asText() : null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * In-cluster config, as client-go's rest.InClusterConfig: the service host and port from the
   * environment, the pod's service-account CA and token from their mounted files; the token is
   * re-read as the kubelet rotates it ({@link TokenFile}).
   */
  public static HostApi inCluster() {
    String host = System.getenv("KUBERNETES_SERVICE_HOST");
    String port = System.getenv("KUBERNETES_SERVICE_PORT");
    if (host == null || port == null) {
      throw new IllegalStateException("not running in a pod: KUBERNETES_SERVICE_HOST/PORT unset");
    }
    Path account = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");
    try {
      return new HostApi(URI.create("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port),
          new UpstreamTls(Files.readString(account.resolve("ca.crt")), false, null, null, null,
              new TokenFile(account.resolve("token"), Clock.systemUTC())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode named(JsonNode list, String name) {
    for (JsonNode entry : list) {
      if (name.equals(entry.path("name").asText())) {
        return entry;
      }
    }
    throw new IllegalArgumentException("kubeconfig has no entry named " + name);
  }

  /** The PEM of `key-data` (base64) or of the file `key` names (relative to the kubeconfig). */
  private static String material(JsonNode section, String key, Path base) throws IOException {
    if (section.hasNonNull(key + "-data")) {
      return new String(Base64.getDecoder().decode(section.path(key + "-data").asText()), StandardCharsets.UTF_8);
    }
    if (section.hasNonNull(key)) {
      return Files.readString(base.resolve(section.path(key).asText()));
    }
    return null;
  }
}
