package dev.vkube.certs;

import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;

/**
 * Everything in a certificate except its serial and signature, which {@link CertificateSigner}
 * adds.
 */
record CertificateTemplate(
    X500Name issuer,
    X500Name subject,
    PublicKey publicKey,
    Instant notBefore,
    Instant notAfter,
    List<Extension> extensions) {

  CertificateTemplate {
    extensions = List.copyOf(extensions);
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException(
          "notAfter " + notAfter + " is not after notBefore " + notBefore);
    }
  }
}
