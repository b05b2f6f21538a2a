package dev.vkube.certs;

import java.util.Objects;

/**
 * One cluster, one user and the context joining them: the content of kubeadm's admin.conf. The user
 * authenticates either with a client certificate and key or with a bearer token, never both, so
 * that it is always clear which identity a kubeconfig carries.
 */
public record KubeconfigSpec(
    String clusterName,
    String server,
    String caPem,
    String userName,
    String clientCertPem,
    String clientKeyPem,
    String token) {

  public KubeconfigSpec {
    requireText(clusterName, "clusterName");
    requireText(server, "server");
    requireText(caPem, "caPem");
    requireText(userName, "userName");
    boolean hasCert = clientCertPem != null || clientKeyPem != null;
    if (hasCert && (clientCertPem == null || clientKeyPem == null)) {
      throw new IllegalArgumentException("clientCertPem and clientKeyPem must be given together");
    }
    if (hasCert == (token != null)) {
      throw new IllegalArgumentException("give either a client certificate and key or a token");
    }
  }

  public static KubeconfigSpec withClientCertificate(
      String clusterName,
      String server,
      String caPem,
      String userName,
      String certPem,
      String keyPem) {
    return new KubeconfigSpec(clusterName, server, caPem, userName, certPem, keyPem, null);
  }

  public static KubeconfigSpec withToken(
      String clusterName, String server, String caPem, String userName, String token) {
    return new KubeconfigSpec(clusterName, server, caPem, userName, null, null, token);
  }

  /** kubeadm's context naming, e.g. kubernetes-admin@kubernetes. */
  public String contextName() {
    return userName + "@" + clusterName;
  }

  public boolean usesClientCertificate() {
    return clientCertPem != null;
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
