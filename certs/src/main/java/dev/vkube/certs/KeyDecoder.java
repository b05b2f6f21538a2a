package dev.vkube.certs;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Turns parsed key structures into JDK key objects through the JDK's own KeyFactory, so the keys
 * work in JSSE and {@code Signature} without Bouncy Castle being registered as a provider.
 */
final class KeyDecoder {

  private static final Map<ASN1ObjectIdentifier, String> ALGORITHMS =
      Map.of(
          PKCSObjectIdentifiers.rsaEncryption, "RSA",
          PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS",
          X9ObjectIdentifiers.id_ecPublicKey, "EC",
          EdECObjectIdentifiers.id_Ed25519, "Ed25519");

  private KeyDecoder() {}

  static PrivateKey privateKey(PrivateKeyInfo info) {
    try {
      return keyFactory(info.getPrivateKeyAlgorithm())
          .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("unreadable private key: " + e.getMessage(), e);
    }
  }

  static PublicKey publicKey(SubjectPublicKeyInfo info) {
    try {
      return keyFactory(info.getAlgorithm())
          .generatePublic(new X509EncodedKeySpec(info.getEncoded()));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("unreadable public key: " + e.getMessage(), e);
    }
  }

  private static KeyFactory keyFactory(AlgorithmIdentifier algorithm)
      throws GeneralSecurityException {
    String name = ALGORITHMS.get(algorithm.getAlgorithm());
    if (name == null) {
      throw new IllegalArgumentException(
          "unsupported key algorithm OID " + algorithm.getAlgorithm());
    }
    return KeyFactory.getInstance(name);
  }
}
