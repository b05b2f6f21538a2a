package dev.vkube.certs;

import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Turns a {@link CertificateTemplate} into a signed X.509 certificate. Bouncy Castle only builds
 * the DER; signing and parsing go through the JDK's default providers.
 */
final class CertificateSigner {

  /** Go's crypto/tls generate_cert.go and kubeadm draw serials below 2^128. */
  private static final int SERIAL_BITS = 128;

  private final SecureRandom random;

  CertificateSigner(SecureRandom random) {
    this.random = random;
  }

  X509Certificate sign(CertificateTemplate template, PrivateKey issuerKey) {
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            template.issuer(),
            serial(),
            Date.from(template.notBefore()),
            Date.from(template.notAfter()),
            template.subject(),
            template.publicKey());
    try {
      for (Extension extension : template.extensions()) {
        builder.addExtension(extension);
      }
      ContentSigner signer =
          new JcaContentSignerBuilder(SigningKeys.signatureAlgorithm(issuerKey)).build(issuerKey);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (CertIOException e) {
      throw new UncheckedIOException(e);
    } catch (OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("cannot sign certificate for " + template.subject(), e);
    }
  }

  /** A positive, non-zero serial: RFC 5280 section 4.1.2.2 forbids zero and negatives. */
  private BigInteger serial() {
    BigInteger serial;
    do {
      serial = new BigInteger(SERIAL_BITS, random);
    } while (serial.signum() == 0);
    return serial;
  }
}
