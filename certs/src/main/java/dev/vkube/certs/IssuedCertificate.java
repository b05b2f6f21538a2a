package dev.vkube.certs;

import java.net.InetAddress;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A certificate together with its private key, the unit that is written to {@code *.crt}/{@code
 * *.key} and handed to a TLS stack. The queries here are what deciding "reuse or reissue" needs.
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {

  /** GeneralName tags as returned by {@link X509Certificate#getSubjectAlternativeNames()}. */
  private static final int SAN_DNS = 2;

  private static final int SAN_IP = 7;

  public IssuedCertificate {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
  }

  public String certificatePem() {
    return Pem.encode(certificate);
  }

  /** The key as PKCS#8 "PRIVATE KEY", which kube-apiserver, kubectl and openssl all read. */
  public String privateKeyPem() {
    return Pem.encode(privateKey);
  }

  /**
   * Whether every requested DNS name (case-insensitively, as DNS is) and every requested IP (by
   * address, so "::1" matches "0:0:0:0:0:0:0:1") is among the certificate's SANs.
   */
  public boolean covers(List<String> dnsNames, List<String> ips) {
    Set<String> presentDns = new HashSet<>();
    Set<InetAddress> presentIps = new HashSet<>();
    for (List<?> san : alternativeNames()) {
      int type = (Integer) san.get(0);
      String value = (String) san.get(1);
      if (type == SAN_DNS) {
        presentDns.add(value.toLowerCase(Locale.ROOT));
      } else if (type == SAN_IP) {
        presentIps.add(IpLiteral.parse(value));
      }
    }
    return dnsNames.stream().allMatch(dns -> presentDns.contains(dns.toLowerCase(Locale.ROOT)))
        && ips.stream().allMatch(ip -> presentIps.contains(IpLiteral.parse(ip)));
  }

  /** Whether {@code t} lies within [notBefore, notAfter], both inclusive as in RFC 5280. */
  public boolean validAt(Instant t) {
    return !t.isBefore(certificate.getNotBefore().toInstant())
        && !t.isAfter(certificate.getNotAfter().toInstant());
  }

  /** Whether the private key is the one the certificate's public key belongs to. */
  public boolean keyMatches() {
    return SigningKeys.belongTogether(certificate.getPublicKey(), privateKey);
  }

  private Collection<List<?>> alternativeNames() {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      return names == null ? List.of() : names;
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException("unreadable subjectAltName extension", e);
    }
  }
}
