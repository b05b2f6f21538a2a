package dev.vkube.certs;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Objects;

/**
 * The key pair that signs service-account tokens (kube-apiserver's
 * --service-account-signing-key-file) and lets others verify them (--service-account-key-file). RSA
 * 2048, as kubeadm's sa.key, because RS256 is the one JWT algorithm every Kubernetes client and
 * OIDC consumer accepts.
 */
public record ServiceAccountKeys(KeyPair keyPair) {

  public static final int RSA_BITS = 2048;

  public ServiceAccountKeys {
    Objects.requireNonNull(keyPair, "keyPair");
  }

  public static ServiceAccountKeys generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(RSA_BITS);
      return new ServiceAccountKeys(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no RSA support", e);
    }
  }

  /**
   * The pair for an existing sa.key. The public half is derived from the RSA private key rather
   * than read from sa.pub, so the two can never disagree.
   */
  public static ServiceAccountKeys fromPrivateKey(PrivateKey privateKey) {
    if (!(privateKey instanceof RSAPrivateCrtKey rsa)) {
      throw new IllegalArgumentException(
          "service-account key must be an RSA private key with CRT parameters, got "
              + privateKey.getAlgorithm());
    }
    try {
      PublicKey publicKey =
          KeyFactory.getInstance("RSA")
              .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      return new ServiceAccountKeys(new KeyPair(publicKey, privateKey));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot derive public key from service-account key", e);
    }
  }

  /** PKCS#8 "PRIVATE KEY", for sa.key. */
  public String privateKeyPem() {
    return Pem.encode(keyPair.getPrivate());
  }

  /** "PUBLIC KEY", for sa.pub. */
  public String publicKeyPem() {
    return Pem.encode(keyPair.getPublic());
  }
}
