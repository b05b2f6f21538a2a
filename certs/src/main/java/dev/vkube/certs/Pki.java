package dev.vkube.certs;

import java.util.Objects;

/**
 * Everything the API server needs to serve TLS, authenticate clients and sign service-account
 * tokens, as loaded or created by {@link PkiDirectory}.
 */
public record Pki(
    CertificateAuthority ca,
    IssuedCertificate server,
    IssuedCertificate admin,
    ServiceAccountKeys serviceAccountKeys) {

  public Pki {
    Objects.requireNonNull(ca, "ca");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(serviceAccountKeys, "serviceAccountKeys");
  }
}
