package dev.vkube.apiserver.http;

import dev.vkube.certs.Pem;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import java.security.cert.CertificateException;

/**
 * The serving key and the client CA as JSSE managers built straight from PEM. Vert.x's PEM options
 * wrap the key in a password-protected PKCS#12 store first, which costs a PBKDF2 derivation at every
 * start for nothing.
 */
final class ServerKeys {
  private static final String ALIAS = "server";

  private ServerKeys() {}

  static X509ExtendedKeyManager keyManager(String certificatePem, String keyPem) {
    X509Certificate[] chain = Pem.readCertificates(certificatePem).toArray(X509Certificate[]::new);
    PrivateKey key = Pem.readPrivateKey(keyPem);
    return new X509ExtendedKeyManager() {
      @Override
      public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
      }

      @Override
      public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
      }

      @Override
      public String[] getServerAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
      }

      @Override
      public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return matches(keyType) ? ALIAS : null;
      }

      @Override
      public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return matches(keyType) ? ALIAS : null;
      }

      @Override
      public X509Certificate[] getCertificateChain(String alias) {
        return chain.clone();
      }

      @Override
      public PrivateKey getPrivateKey(String alias) {
        return key;
      }

      private boolean matches(String keyType) {
        return keyType == null || keyType.equalsIgnoreCase(key.getAlgorithm())
            || keyType.startsWith("EC") && key.getAlgorithm().equals("EC");
      }
    };
  }

  /**
   * Client certificates are requested but not judged by TLS: authentication verifies them against the
   * cluster CA, so an untrusted or expired one gets 401 as from kube-apiserver, not a failed handshake.
   */
  static X509TrustManager acceptAnyClient(String caPem) {
    X509Certificate[] issuers = Pem.readCertificates(caPem).toArray(X509Certificate[]::new);
    return new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the API server does not verify servers");
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return issuers.clone();
      }
    };
  }


}
