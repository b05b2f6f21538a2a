package dev.vkube.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real mutual-TLS handshake on loopback with nothing but JSSE, the same checks kubectl and the
 * API server's client-certificate authenticator make. Uses the real clock: JSSE checks validity
 * against the system time.
 */
class TlsHandshakeTest {

  private static final char[] PASSWORD = "unused".toCharArray();
  private static final int TIMEOUT_MS = 10_000;

  @TempDir Path dir;

  private final ExecutorService serverThread = Executors.newSingleThreadExecutor();
  private Pki pki;
  private SSLServerSocket server;
  private CompletableFuture<X509Certificate> clientSeenByServer;

  @BeforeEach
  void startServer() throws Exception {
    pki = PkiDirectory.loadOrCreate(dir, PkiOptions.defaults(), Clock.systemUTC());
    SSLContext context = context(pki.server(), pki.ca().certificate());
    server =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    server.setNeedClientAuth(true);
    server.setSoTimeout(TIMEOUT_MS);
    clientSeenByServer = CompletableFuture.supplyAsync(this::acceptOne, serverThread);
  }

  @AfterEach
  void stopServer() throws IOException {
    server.close();
    serverThread.shutdownNow();
  }

  @Test
  void mutualTlsToLocalhostShowsServerTheAdminInSystemMasters() throws Exception {
    connect(context(pki.admin(), pki.ca().certificate()), "localhost");
    Map<String, String> subject = rdns(clientSeenByServer.get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
    assertEquals(Map.of("CN", "kubernetes-admin", "O", "system:masters"), subject);
  }

  @Test
  void hostnameVerificationPassesForLoopbackIpv4() throws Exception {
    connect(context(pki.admin(), pki.ca().certificate()), "127.0.0.1");
    assertEquals(
        "kubernetes-admin",
        rdns(clientSeenByServer.get(TIMEOUT_MS, TimeUnit.MILLISECONDS)).get("CN"));
  }

  @Test
  void hostnameVerificationPassesForLoopbackIpv6() throws Exception {
    connect(context(pki.admin(), pki.ca().certificate()), "::1");
    assertEquals(
        "kubernetes-admin",
        rdns(clientSeenByServer.get(TIMEOUT_MS, TimeUnit.MILLISECONDS)).get("CN"));
  }

  @Test
  void hostnameVerificationRejectsNameNotInSans() {
    SSLContext admin = context(pki.admin(), pki.ca().certificate());
    SSLHandshakeException e =
        assertThrows(SSLHandshakeException.class, () -> connect(admin, "vkube.example.com"));
    assertTrue(
        String.valueOf(e.getCause()).contains("vkube.example.com"), String.valueOf(e.getCause()));
  }

  @Test
  void clientCertificateFromAnotherCaIsRejected() {
    CertificateAuthority stranger = CertificateAuthority.create("kubernetes", Clock.systemUTC());
    IssuedCertificate forged =
        stranger.issue(LeafSpec.client("kubernetes-admin", List.of("system:masters")));
    SSLContext client = context(forged, pki.ca().certificate());
    assertThrows(IOException.class, () -> connect(client, "localhost"));
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> clientSeenByServer.get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
    assertTrue(
        e.getCause().getCause() instanceof SSLHandshakeException, String.valueOf(e.getCause()));
  }

  /**
   * Connects to loopback but verifies the server as {@code host}, as a client dialing that name
   * would.
   */
  private void connect(SSLContext context, String host) throws IOException {
    Socket raw = new Socket();
    raw.connect(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), TIMEOUT_MS);
    raw.setSoTimeout(TIMEOUT_MS);
    try (SSLSocket socket =
        (SSLSocket)
            context.getSocketFactory().createSocket(raw, host, server.getLocalPort(), true)) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      // TLS 1.3 reports a rejected client certificate only after the client's handshake returns.
      if (socket.getInputStream().read() != 1) {
        throw new IOException("server closed without answering");
      }
    }
  }

  private X509Certificate acceptOne() {
    try (SSLSocket socket = (SSLSocket) server.accept()) {
      socket.startHandshake();
      X509Certificate client = (X509Certificate) socket.getSession().getPeerCertificates()[0];
      socket.getOutputStream().write(1);
      socket.getOutputStream().flush();
      return client;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SSLContext context(IssuedCertificate identity, X509Certificate trusted) {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry(
          "identity", identity.privateKey(), PASSWORD, new Certificate[] {identity.certificate()});
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, PASSWORD);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", trusted);
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), new SecureRandom());
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> rdns(X509Certificate cert) throws Exception {
    return new LdapName(cert.getSubjectX500Principal().getName())
        .getRdns().stream()
            .collect(Collectors.toMap(Rdn::getType, rdn -> rdn.getValue().toString()));
  }
}
