package dev.vkube.syncer;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * fabric8 clients from kubeconfig files. fabric8 reads a PKCS#8 client key with the algorithm of
 * {@code clientKeyAlgo} (RSA unless told), so an EC key, which vkube's PKI issues, must be declared.
 */
public final class Kubeconfigs {
  private static final String PKCS8_HEADER = "-----BEGIN PRIVATE KEY-----";

  private Kubeconfigs() {
  }

  public static KubernetesClient client(Path kubeconfig) throws IOException {
    return fromYaml(Files.readString(kubeconfig));
  }

  /** A client from kubeconfig text (the embedding server's loopback admin kubeconfig, say). */
  public static KubernetesClient fromYaml(String kubeconfig) {
    Config config = Config.fromKubeconfig(kubeconfig);
    String keyData = config.getClientKeyData();
    if (keyData != null && !keyData.isEmpty()) {
      String pem = new String(Base64.getDecoder().decode(keyData.trim()), StandardCharsets.US_ASCII);
      String algorithm = pkcs8Algorithm(pem);
      if (algorithm != null) {
        config.setClientKeyAlgo(algorithm);
      }
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * In-cluster config: the pod's service-account token, CA and KUBERNETES_SERVICE_HOST/PORT (fabric8's
   * auto-configuration, which client-go's rest.InClusterConfig matches). The token is a projected one
   * the kubelet rotates, so every request asks {@link TokenFile} for it rather than keeping the one read
   * at start.
   */
  public static KubernetesClient inCluster() {
    return withToken(Config.autoConfigure(null), new TokenFile(TokenFile.IN_CLUSTER, java.time.Clock.systemUTC()));
  }

  /** A client whose bearer token comes from {@code token} on each request (fabric8's OAuthTokenProvider). */
  public static KubernetesClient withToken(Config config, java.util.function.Supplier<String> token) {
    config.setOauthTokenProvider(token::get);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** "EC" or "RSA" for a PKCS#8 PEM key, null for other PEM types (fabric8 reads those itself). */
  static String pkcs8Algorithm(String pem) {
    int start = pem.indexOf(PKCS8_HEADER);
    if (start < 0) {
      return null;
    }
    int end = pem.indexOf("-----END", start);
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(start + PKCS8_HEADER.length(), end));
    for (String algorithm : List.of("EC", "RSA")) {
      try {
        KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        return algorithm;
      } catch (GeneralSecurityException e) {
        // not this algorithm
      }
    }
    return null;
  }
}
