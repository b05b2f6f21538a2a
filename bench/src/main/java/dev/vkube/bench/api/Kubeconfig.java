package dev.vkube.bench.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three PEM documents of the server's admin.kubeconfig. Read with patterns rather than a YAML
 * parser: certs' KubeconfigWriter promises each *-data field on one line, so a script can grep it.
 */
public record Kubeconfig(String server, String caPem, String clientCertPem, String clientKeyPem) {

  public static Kubeconfig read(Path file) throws IOException {
    String yaml = Files.readString(file);
    return new Kubeconfig(field(yaml, "server"), pem(yaml, "certificate-authority-data"),
        pem(yaml, "client-certificate-data"), pem(yaml, "client-key-data"));
  }

  private static String pem(String yaml, String name) {
    return new String(Base64.getDecoder().decode(field(yaml, name)), StandardCharsets.UTF_8);
  }

  private static String field(String yaml, String name) {
    Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(name) + ":\\s*\"?([^\"\\s]+)").matcher(yaml);
    if (!m.find()) {
      throw new IllegalStateException("kubeconfig has no " + name);
    }
    return m.group(1);
  }
}
