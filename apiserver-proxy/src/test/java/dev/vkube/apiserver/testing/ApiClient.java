package dev.vkube.apiserver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vkube.certs.Pem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A raw HTTPS client for tests, built from a kubeconfig the server wrote (its CA and client
 * certificate), on the JDK's HttpClient (HTTP/2 by ALPN). Returns status, headers and parsed JSON.
 */
public final class ApiClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient http;
  private final String server;

  public record Reply(int code, JsonNode json, String body, HttpResponse<String> raw) {}

  /** The kubeconfig user's key and the cluster CA, for clients other than the JDK's. */
  public record Tls(KeyManagerFactory keys, TrustManagerFactory trust) {
    public SSLContext context() throws java.security.GeneralSecurityException {
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
      return ssl;
    }
  }

  private ApiClient(HttpClient http, String server) {
    this.http = http;
    this.server = server;
  }

  /** Authenticated as the kubeconfig's user. */
  public static ApiClient fromKubeconfig(Path kubeconfig) throws Exception {
    String text = Files.readString(kubeconfig);
    X509Certificate ca = Pem.readCertificate(decode(text, "certificate-authority-data"));
    X509Certificate cert = Pem.readCertificate(decode(text, "client-certificate-data"));
    PrivateKey key = Pem.readPrivateKey(decode(text, "client-key-data"));
    return new ApiClient(client(ca, cert, key), field(text, "server"));
  }

  public static Tls tls(Path kubeconfig) throws Exception {
    String text = Files.readString(kubeconfig);
    return tls(Pem.readCertificate(decode(text, "certificate-authority-data")),
        Pem.readCertificate(decode(text, "client-certificate-data")), Pem.readPrivateKey(decode(text, "client-key-data")));
  }

  /** No client certificate: an anonymous request. */
  public static ApiClient anonymous(Path kubeconfig) throws Exception {
    String text = Files.readString(kubeconfig);
    X509Certificate ca = Pem.readCertificate(decode(text, "certificate-authority-data"));
    return new ApiClient(client(ca, null, null), field(text, "server"));
  }

  public String server() {
    return server;
  }

  public Reply get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(server + path)).GET().build());
  }

  public Reply get(String path, String accept) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(server + path)).header("Accept", accept).GET().build());
  }

  public Reply send(String method, String path, String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(30));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return send(b.build());
  }

  public HttpClient http() {
    return http;
  }

  private Reply send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode json = null;
    try {
      json = response.body().isEmpty() ? null : MAPPER.readTree(response.body());
    } catch (IOException e) {
      // not JSON (health endpoints answer text)
    }
    return new Reply(response.statusCode(), json, response.body(), response);
  }

  private static HttpClient client(X509Certificate ca, X509Certificate cert, PrivateKey key) throws Exception {
    return HttpClient.newBuilder().sslContext(tls(ca, cert, key).context()).connectTimeout(Duration.ofSeconds(10)).build();
  }

  private static Tls tls(X509Certificate ca, X509Certificate cert, PrivateKey key) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    if (cert != null) {
      keys.setKeyEntry("client", key, new char[0], new Certificate[] {cert});
    }
    kmf.init(keys, new char[0]);
    return new Tls(kmf, tmf);
  }

  private static String decode(String kubeconfig, String field) {
    return new String(Base64.getDecoder().decode(field(kubeconfig, field)));
  }

  private static String field(String kubeconfig, String field) {
    Matcher m = Pattern.compile(field + ": *\"?([^\\s\"]+)").matcher(kubeconfig);
    if (!m.find()) {
      throw new IllegalArgumentException("kubeconfig has no " + field);
    }
    return m.group(1);
  }
}
