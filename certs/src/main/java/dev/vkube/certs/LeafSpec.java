package dev.vkube.certs;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a leaf certificate should say: the identity Kubernetes reads from it (CN is the user, each O
 * a group, as the x509 authenticator in kube-apiserver does) and where it may be used. Kept
 * separate from {@link CertificateAuthority} so callers describe certificates without touching key
 * material.
 */
public record LeafSpec(
    String commonName,
    List<String> organizations,
    List<String> dnsNames,
    List<String> ipAddresses,
    Set<Usage> usages,
    Duration validity) {

  /** kubeadm issues leaf certificates for one year (constants.CertificateValidityPeriod). */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

  /** The extended key usage a certificate is issued for. */
  public enum Usage {
    /** TLS web server authentication (id-kp-serverAuth). */
    SERVER,
    /** TLS web client authentication (id-kp-clientAuth). */
    CLIENT
  }

  public LeafSpec {
    Objects.requireNonNull(commonName, "commonName");
    if (commonName.isBlank()) {
      throw new IllegalArgumentException("commonName must not be blank");
    }
    organizations = List.copyOf(organizations);
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    ipAddresses.forEach(IpLiteral::parse);
    if (usages.isEmpty()) {
      throw new IllegalArgumentException("usages must not be empty");
    }
    usages = Set.copyOf(usages);
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive, got " + validity);
    }
  }

  /** A serving certificate for the given names, like kubeadm's apiserver.crt. */
  public static LeafSpec server(String cn, List<String> dnsNames, List<String> ips) {
    return new LeafSpec(cn, List.of(), dnsNames, ips, EnumSet.of(Usage.SERVER), DEFAULT_VALIDITY);
  }

  /** A client certificate authenticating {@code user} as a member of {@code groups}. */
  public static LeafSpec client(String user, List<String> groups) {
    return new LeafSpec(
        user, groups, List.of(), List.of(), EnumSet.of(Usage.CLIENT), DEFAULT_VALIDITY);
  }

  /** The same certificate request with another lifetime. */
  public LeafSpec withValidity(Duration newValidity) {
    return new LeafSpec(commonName, organizations, dnsNames, ipAddresses, usages, newValidity);
  }
}
