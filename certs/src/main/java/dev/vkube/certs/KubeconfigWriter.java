package dev.vkube.certs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Renders a kubeconfig (clientcmd v1 Config) by hand, to keep this library free of a YAML
 * dependency. The layout and field order follow what {@code kubectl config view --raw} prints for
 * kubeadm's admin.conf. Each {@code *-data} field is base64 of the PEM text on a single line, so a
 * script can grep {@code certificate-authority-data: *[^ ]*} out of it.
 */
public final class KubeconfigWriter {

  private KubeconfigWriter() {}

  public static String render(KubeconfigSpec spec) {
    String cluster = YamlScalar.of(spec.clusterName());
    String user = YamlScalar.of(spec.userName());
    String context = YamlScalar.of(spec.contextName());
    StringBuilder yaml =
        new StringBuilder()
            .append("apiVersion: v1\n")
            .append("kind: Config\n")
            .append("clusters:\n")
            .append("- cluster:\n")
            .append("    certificate-authority-data: ")
            .append(base64(spec.caPem()))
            .append('\n')
            .append("    server: ")
            .append(YamlScalar.of(spec.server()))
            .append('\n')
            .append("  name: ")
            .append(cluster)
            .append('\n')
            .append("contexts:\n")
            .append("- context:\n")
            .append("    cluster: ")
            .append(cluster)
            .append('\n')
            .append("    user: ")
            .append(user)
            .append('\n')
            .append("  name: ")
            .append(context)
            .append('\n')
            .append("current-context: ")
            .append(context)
            .append('\n')
            .append("preferences: {}\n")
            .append("users:\n")
            .append("- name: ")
            .append(user)
            .append('\n')
            .append("  user:\n");
    if (spec.usesClientCertificate()) {
      yaml.append("    client-certificate-data: ")
          .append(base64(spec.clientCertPem()))
          .append('\n')
          .append("    client-key-data: ")
          .append(base64(spec.clientKeyPem()))
          .append('\n');
    } else {
      yaml.append("    token: ").append(YamlScalar.of(spec.token())).append('\n');
    }
    return yaml.toString();
  }

  /** Writes the kubeconfig with mode 0600: it holds a private key or token. */
  public static void write(Path file, KubeconfigSpec spec) {
    AtomicFile.writePrivate(file, render(spec));
  }

  /** The basic (not MIME) encoder, which never wraps lines. */
  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }
}
