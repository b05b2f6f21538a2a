package dev.vkube.bench.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * SSLContexts for the benchmark clients, built with the JDK alone (no BouncyCastle): the server's
 * key is PKCS#8 ECDSA P-256, which {@link KeyFactory} "EC" reads directly.
 */
public final class TlsContexts {
  private static final char[] NO_PASSWORD = new char[0];

  private TlsContexts() {}

  /** Trusts the cluster CA and presents the admin client certificate, as kubectl would. */
  public static SSLContext admin(Kubeconfig config) throws GeneralSecurityException {
    Managers managers = adminManagers(config);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {managers.key()}, new TrustManager[] {managers.trust()}, new SecureRandom());
    return context;
  }

  /** The admin identity and the cluster CA as key and trust managers, for clients that take those. */
  static Managers adminManagers(Kubeconfig config) throws GeneralSecurityException {
    KeyStore trust = emptyStore();
    trust.setCertificateEntry("ca", certificate(config.caPem()));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyStore keys = emptyStore();
    keys.setKeyEntry("admin", privateKey(config.clientKeyPem()), NO_PASSWORD,
        new Certificate[] {certificate(config.clientCertPem())});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, NO_PASSWORD);
    return new Managers((X509KeyManager) kmf.getKeyManagers()[0], (X509TrustManager) tmf.getTrustManagers()[0]);
  }

  record Managers(X509KeyManager key, X509TrustManager trust) {}

  /**
   * Trusts any server: only for the start-up probe, which must poll /readyz (a public path) before
   * the server has written the CA it would otherwise verify against.
   */
  static SSLContext trustAll() throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new AcceptingTrustManager()}, new SecureRandom());
    return context;
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      return store;
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static X509Certificate certificate(String pem) throws GeneralSecurityException {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    if (!pem.contains("BEGIN PRIVATE KEY")) {
      throw new GeneralSecurityException("client key is not PKCS#8 (BEGIN PRIVATE KEY)");
    }
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
  }

  /**
   * Extended (not plain X509TrustManager), because JSSE wraps a plain one and then still checks the
   * host name, which this probe does not need.
   */
  private static final class AcceptingTrustManager extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
