package dev.vkube.apiserver.proxy;

/**
 * How to reach a stream target over TLS: whom to trust (a CA in PEM, or nobody checked when
 * {@code insecureSkipVerify}) and how to prove who we are (a client certificate, a bearer token).
 */
public record UpstreamTls(String caPem, boolean insecureSkipVerify, String clientCertPem, String clientKeyPem,
    String bearerToken) {

  public boolean hasClientCertificate() {
    return clientCertPem != null && clientKeyPem != null;
  }
}
