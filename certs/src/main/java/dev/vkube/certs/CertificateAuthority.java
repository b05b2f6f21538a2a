package dev.vkube.certs;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * The cluster CA: the one trust root that signs the API server's serving certificate and every
 * client certificate the x509 authenticator accepts. It takes a {@link Clock} so that validity
 * windows, and hence expiry handling, can be tested without waiting.
 */
public final class CertificateAuthority {

  /** kubeadm's CA lifetime (constants.CertificateValidityPeriod for CAs is ten years). */
  public static final Duration CA_VALIDITY = Duration.ofDays(3650);

  /**
   * kubeadm backdates notBefore (constants.CertificateBackdate) so that a peer whose clock is a
   * little behind ours still accepts a certificate issued a moment ago.
   */
  public static final Duration BACKDATE = Duration.ofMinutes(5);

  private final X509Certificate certificate;
  private final PrivateKey privateKey;
  private final Clock clock;
  private final SecureRandom random;

  private CertificateAuthority(
      X509Certificate certificate, PrivateKey privateKey, Clock clock, SecureRandom random) {
    this.certificate = certificate;
    this.privateKey = privateKey;
    this.clock = clock;
    this.random = random;
  }

  /** A new self-signed CA with a fresh P-256 key. */
  public static CertificateAuthority create(String commonName, Clock clock) {
    SecureRandom random = new SecureRandom();
    return create(commonName, SigningKeys.newEcP256(random), clock, random);
  }

  /** A new self-signed CA with the given key; tests use it for RSA CAs such as kubeadm's. */
  static CertificateAuthority create(
      String commonName, KeyPair keys, Clock clock, SecureRandom random) {
    Instant now = now(clock);
    CertificateTemplate template =
        new CertificateTemplate(
            CertificateProfile.subject(commonName, List.of()),
            CertificateProfile.subject(commonName, List.of()),
            keys.getPublic(),
            now.minus(BACKDATE),
            now.plus(CA_VALIDITY),
            CertificateProfile.ca(keys.getPublic()));
    X509Certificate cert = new CertificateSigner(random).sign(template, keys.getPrivate());
    return new CertificateAuthority(cert, keys.getPrivate(), clock, random);
  }

  /** An existing CA, e.g. read back from ca.crt and ca.key; rejects a non-CA or a foreign key. */
  public static CertificateAuthority load(X509Certificate cert, PrivateKey key, Clock clock) {
    Objects.requireNonNull(cert, "cert");
    Objects.requireNonNull(key, "key");
    if (cert.getBasicConstraints() < 0) {
      throw new IllegalArgumentException(
          "not a CA certificate (basicConstraints CA:false): " + cert.getSubjectX500Principal());
    }
    if (!SigningKeys.belongTogether(cert.getPublicKey(), key)) {
      throw new IllegalArgumentException(
          "private key does not match CA certificate " + cert.getSubjectX500Principal());
    }
    return new CertificateAuthority(cert, key, clock, new SecureRandom());
  }

  /** Signs a new leaf certificate with a fresh P-256 key for the given spec. */
  public IssuedCertificate issue(LeafSpec spec) {
    KeyPair keys = SigningKeys.newEcP256(random);
    Instant now = now(clock);
    CertificateTemplate template =
        new CertificateTemplate(
            CertificateProfile.subjectOf(certificate),
            CertificateProfile.subject(spec.commonName(), spec.organizations()),
            keys.getPublic(),
            now.minus(BACKDATE),
            now.plus(spec.validity()),
            CertificateProfile.leaf(spec, keys.getPublic(), certificate));
    X509Certificate leaf = new CertificateSigner(random).sign(template, privateKey);
    return new IssuedCertificate(leaf, keys.getPrivate());
  }

  /** Whether this CA signed {@code cert}: its issuer is our subject and our key verifies it. */
  public boolean hasIssued(X509Certificate cert) {
    if (!cert.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
      return false;
    }
    try {
      cert.verify(certificate.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  /** The CA as a certificate and key pair, for writing ca.crt and ca.key like any other pair. */
  public IssuedCertificate asIssued() {
    return new IssuedCertificate(certificate, privateKey);
  }

  /** X.509 times have one-second precision; truncating keeps written and read times equal. */
  private static Instant now(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }
}
