package dev.vkube.apiserver.http;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK's TLS engine, given to Vert.x as a plain {@link JdkSslContext} over an {@link SSLContext} we
 * initialise ourselves. Vert.x's default factory goes through Netty's SslContextBuilder, whose server
 * context probes in a static initialiser whether key managers can be wrapped by building a PKCS#12
 * key store with PBKDF2 key protection: about 2 s of CPU on a cold JVM, all of it before the first
 * request is answered. Our key and trust managers (ServerKeys) need no wrapping, so the probe buys
 * nothing here.
 */
public final class JdkTlsEngine extends SSLEngineOptions {

  /**
   * Does now what the first TLS connection would otherwise do on its event loop: Netty's ALPN engine
   * wrapper asks whether BouncyCastle's JSSE is in use, and answering that instantiates the BC JCE
   * provider because its jar is on our class path (~0.3 s of CPU on a cold JVM, measured). Called from
   * a boot thread beside the other independent steps, so the first /readyz answer does not pay it.
   */
  public static void loadTlsProviders() {
    io.netty.handler.ssl.util.BouncyCastleUtil.isBcTlsAvailable();
  }

  @Override
  public SSLEngineOptions copy() {
    return new JdkTlsEngine();
  }

  @Override
  public SslContextFactory sslContextFactory() {
    return new Factory();
  }

  private static final class Factory implements SslContextFactory {
    private boolean client;
    private boolean alpn;
    private ClientAuth clientAuth = ClientAuth.NONE;
    private KeyManagerFactory keys;
    private TrustManagerFactory trust;
    private Set<String> cipherSuites = Set.of();
    private List<String> protocols = List.of();

    @Override
    public SslContextFactory useAlpn(boolean useAlpn) {
      this.alpn = useAlpn;
      return this;
    }

    @Override
    public SslContextFactory clientAuth(ClientAuth clientAuth) {
      this.clientAuth = clientAuth;
      return this;
    }

    @Override
    public SslContextFactory forClient(boolean forClient) {
      this.client = forClient;
      return this;
    }

    @Override
    public SslContextFactory keyMananagerFactory(KeyManagerFactory factory) {
      this.keys = factory;
      return this;
    }

    @Override
    public SslContextFactory trustManagerFactory(TrustManagerFactory factory) {
      this.trust = factory;
      return this;
    }

    @Override
    public SslContextFactory enabledCipherSuites(Set<String> suites) {
      this.cipherSuites = suites == null ? Set.of() : suites;
      return this;
    }

    @Override
    public SslContextFactory applicationProtocols(List<String> applicationProtocols) {
      this.protocols = applicationProtocols == null ? List.of() : applicationProtocols;
      return this;
    }

    @Override
    @SuppressWarnings("deprecation") // the one public constructor over a ready SSLContext
    public SslContext create() throws SSLException {
      try {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
            null);
        // Null ciphers: Netty's JDK defaults (TLS 1.3 suites and ECDHE with AES-GCM/ChaCha20 first).
        return new JdkSslContext(context, client, cipherSuites.isEmpty() ? null : cipherSuites,
            IdentityCipherSuiteFilter.INSTANCE, alpnConfig(), clientAuth, null, false);
      } catch (GeneralSecurityException e) {
        throw new SSLException("cannot initialise the TLS context", e);
      }
    }

    private ApplicationProtocolConfig alpnConfig() {
      if (!alpn || protocols.isEmpty()) {
        return ApplicationProtocolConfig.DISABLED;
      }
      return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
          ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
          ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, protocols);
    }
  }
}
