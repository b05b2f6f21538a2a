package dev.vkube.apiserver.auth.authn;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vkube.apiserver.auth.UserInfo;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * x509 client certificates: the chain must lead to the cluster CA, be valid now and allow client
 * authentication; then CN is the user and each O a group. The TLS layer accepts any certificate so that,
 * as kube-apiserver does (request/x509), a certificate from another CA or an expired one is answered
 * with 401 Unauthorized rather than a failed handshake.
 */
public final class X509Authenticator implements Authenticator {
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  /**
   * Users of leaf certificates whose chain passed PKIX validation, keyed by the certificate object
   * (weak keys compare by identity): every request on a TLS connection hands us the same object, so
   * neither the validation nor the subject parsing is repeated per request (together ~5% of the
   * server's CPU per create). A hit still checks the validity dates against the clock, so a
   * certificate that expires while cached is refused at once.
   */
  private final Cache<X509Certificate, UserInfo> verified = Caffeine.newBuilder().weakKeys()
      .expireAfterWrite(Duration.ofMinutes(10)).build();
  private final Set<TrustAnchor> anchors;
  private final Clock clock;

  public X509Authenticator(X509Certificate clusterCa, Clock clock) {
    this.anchors = Set.of(new TrustAnchor(clusterCa, null));
    this.clock = clock;
  }

  @Override
  public Optional<UserInfo> authenticate(AuthRequest request) {
    if (request.clientCertificates().isEmpty()) {
      return Optional.empty();
    }
    X509Certificate leaf = request.clientCertificates().get(0);
    UserInfo known = verified.getIfPresent(leaf);
    if (known != null) {
      checkDates(request.clientCertificates());
      return Optional.of(known);
    }
    validate(request.clientCertificates());
    UserInfo user = userOf(leaf);
    verified.put(leaf, user);
    return Optional.of(user);
  }

  private static UserInfo userOf(X509Certificate leaf) {
    try {
      String user = null;
      List<String> groups = new ArrayList<>();
      for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          user = rdn.getValue().toString();
        } else if (rdn.getType().equalsIgnoreCase("O")) {
          groups.add(0, rdn.getValue().toString());
        }
      }
      if (user == null || user.isEmpty()) {
        throw new AuthenticationException("x509: subject with cn=" + user + " is not in the allowed list");
      }
      return UserInfo.of(user, groups);
    } catch (InvalidNameException e) {
      throw new AuthenticationException("x509: invalid subject");
    }
  }

  /** The validity window of each certificate at the clock's time (a cached chain may have expired). */
  private void checkDates(List<X509Certificate> chain) {
    Date now = Date.from(clock.instant());
    for (X509Certificate certificate : chain) {
      if (now.before(certificate.getNotBefore()) || now.after(certificate.getNotAfter())) {
        throw new AuthenticationException("x509: certificate signed by unknown authority or expired");
      }
    }
  }

  /** PKIX validation against the cluster CA at the clock's time, and the clientAuth key usage. */
  private void validate(List<X509Certificate> chain) {
    try {
      PKIXParameters parameters = new PKIXParameters(anchors);
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(clock.instant()));
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(chain), parameters);
      List<String> usages = chain.get(0).getExtendedKeyUsage();
      if (usages != null && !usages.contains(CLIENT_AUTH)) {
        throw new AuthenticationException("x509: certificate specifies an incompatible key usage");
      }
    } catch (GeneralSecurityException e) {
      throw new AuthenticationException("x509: certificate signed by unknown authority or expired");
    }
  }
}
