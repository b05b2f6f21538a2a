package dev.vkube.certs;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/** Validates chains with the JDK's own PKIX validator, the judge that JSSE itself uses. */
final class Chains {

  private Chains() {}

  /** Throws if {@code leaf} does not chain to {@code root} at {@code at}; revocation is off. */
  static void validate(X509Certificate leaf, X509Certificate root, Instant at)
      throws GeneralSecurityException {
    CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(at));
    CertPathValidator.getInstance("PKIX").validate(path, parameters);
  }
}
