package dev.vkube.apiserver.http;

import io.vertx.core.http.HttpServerRequest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * x509 client-certificate authentication: CN is the user, each O a group (the TLS layer has already
 * verified the chain against the cluster CA). Everyone authenticated is in system:authenticated.
 */
final class ClientCertificateAuthenticator {
  static final String AUTHENTICATED = "system:authenticated";

  Optional<UserInfo> authenticate(HttpServerRequest request) {
    if (!request.isSSL()) {
      return Optional.empty();
    }
    try {
      List<Certificate> chain = request.connection().peerCertificates();
      if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
        return Optional.empty();
      }
      return Optional.of(fromSubject(leaf.getSubjectX500Principal().getName()));
    } catch (SSLPeerUnverifiedException | InvalidNameException e) {
      return Optional.empty();
    }
  }

  private static UserInfo fromSubject(String subject) throws InvalidNameException {
    String user = null;
    List<String> groups = new ArrayList<>();
    for (Rdn rdn : new LdapName(subject).getRdns()) {
      if (rdn.getType().equalsIgnoreCase("CN")) {
        user = rdn.getValue().toString();
      } else if (rdn.getType().equalsIgnoreCase("O")) {
        groups.add(rdn.getValue().toString());
      }
    }
    groups.add(AUTHENTICATED);
    return new UserInfo(user == null ? "" : user, List.copyOf(groups));
  }
}
