package dev.vkube.certs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;

/**
 * The key algorithms this PKI signs with, using only the JDK's providers so that nothing registers
 * Bouncy Castle globally. New CA and leaf keys are ECDSA P-256: generating one takes about a
 * millisecond, where RSA 2048 can take hundreds, and the API server must start in under 2 s.
 */
final class SigningKeys {

  private static final byte[] PROBE = "vkube key pair probe".getBytes(StandardCharsets.US_ASCII);

  private SigningKeys() {}

  private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
    return a.getCurve().equals(b.getCurve()) && a.getGenerator().equals(b.getGenerator())
        && a.getOrder().equals(b.getOrder());
  }

  private static ECPoint publicPoint(ECPrivateKey key) {
    org.bouncycastle.math.ec.ECPoint q = EC5Util.convertSpec(key.getParams()).getG().multiply(key.getS()).normalize();
    return new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
  }

  static KeyPair newEcP256(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
      throw new IllegalStateException("the JDK has no P-256 support", e);
    }
  }

  /** SHA-256 with the key's own algorithm, as Go's x509.CreateCertificate picks for these keys. */
  static String signatureAlgorithm(Key key) {
    return switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default ->
          throw new IllegalArgumentException(
              "unsupported signing key algorithm: " + key.getAlgorithm());
    };
  }

  /**
   * Whether the private key belongs to the public key. RSA and EC keys are compared by arithmetic
   * (same modulus and exponent; public point = d·G), which is several times cheaper than a signature
   * round trip on a cold JVM, and every start checks each reused key pair of the PKI directory. Other
   * kinds are checked by signing and verifying a probe.
   */
  static boolean belongTogether(PublicKey publicKey, PrivateKey privateKey) {
    if (!publicKey.getAlgorithm().equals(privateKey.getAlgorithm())) {
      return false;
    }
    if (publicKey instanceof RSAPublicKey rsa && privateKey instanceof RSAPrivateCrtKey crt) {
      return rsa.getModulus().equals(crt.getModulus()) && rsa.getPublicExponent().equals(crt.getPublicExponent());
    }
    if (publicKey instanceof ECPublicKey ec && privateKey instanceof ECPrivateKey d) {
      return sameCurve(ec.getParams(), d.getParams()) && ec.getW().equals(publicPoint(d));
    }
    try {
      Signature signer = Signature.getInstance(signatureAlgorithm(privateKey));
      signer.initSign(privateKey);
      signer.update(PROBE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(signatureAlgorithm(publicKey));
      verifier.initVerify(publicKey);
      verifier.update(PROBE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
