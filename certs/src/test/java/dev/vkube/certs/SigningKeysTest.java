package dev.vkube.certs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

/** The key-pair check behind every reused PKI file: arithmetic for RSA and EC, a probe otherwise. */
class SigningKeysTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void ecPairsMatchOnlyTheirOwnPublicKey() throws Exception {
    KeyPair one = SigningKeys.newEcP256(RANDOM);
    KeyPair two = SigningKeys.newEcP256(RANDOM);
    assertTrue(SigningKeys.belongTogether(one.getPublic(), one.getPrivate()));
    assertFalse(SigningKeys.belongTogether(one.getPublic(), two.getPrivate()));
    KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
    p384.initialize(new ECGenParameterSpec("secp384r1"), RANDOM);
    assertFalse(SigningKeys.belongTogether(one.getPublic(), p384.generateKeyPair().getPrivate()));
  }

  @Test
  void rsaPairsMatchOnlyTheirOwnPublicKey() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048, RANDOM);
    KeyPair one = rsa.generateKeyPair();
    KeyPair two = rsa.generateKeyPair();
    assertTrue(SigningKeys.belongTogether(one.getPublic(), one.getPrivate()));
    assertFalse(SigningKeys.belongTogether(one.getPublic(), two.getPrivate()));
    assertFalse(SigningKeys.belongTogether(one.getPublic(), SigningKeys.newEcP256(RANDOM).getPrivate()));
  }
}
