package dev.vkube.apiserver.auth.authn;

import dev.vkube.apiserver.auth.UserInfo;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * x509 client certificates: CN is the user, each O a group (the TLS layer verified the chain against
 * the cluster CA before the request got here).
 */
public final class X509Authenticator implements Authenticator {
  @Override
  public Optional<UserInfo> authenticate(AuthRequest request) {
    if (request.clientCertificates().isEmpty()) {
      return Optional.empty();
    }
    X509Certificate leaf = request.clientCertificates().get(0);
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
      return Optional.of(UserInfo.of(user, groups));
    } catch (InvalidNameException e) {
      throw new AuthenticationException("x509: invalid subject");
    }
  }
}
