package dev.vkube.apiserver.proxy;

import java.util.function.Supplier;

/**
 * How to reach a stream target over TLS: whom to trust (a CA in PEM, or nobody checked when
 * {@code insecureSkipVerify}) and how to prove who we are (a client certificate, a bearer token fixed
 * in a kubeconfig, or one from {@code tokenSource}, asked per request: a rotated in-cluster token).
 */
public record UpstreamTls(String caPem, boolean insecureSkipVerify, String clientCertPem, String clientKeyPem,
    String bearerToken, Supplier<String> tokenSource) {

  public UpstreamTls(String caPem, boolean insecureSkipVerify, String clientCertPem, String clientKeyPem,
      String bearerToken) {
    this(caPem, insecureSkipVerify, clientCertPem, clientKeyPem, bearerToken, null);
  }

  /** The token to send now, or null for none. */
  public String currentBearerToken() {
    return tokenSource != null ? tokenSource.get() : bearerToken;
  }

  public boolean hasClientCertificate() {
    return clientCertPem != null && clientKeyPem != null;
  }
}
