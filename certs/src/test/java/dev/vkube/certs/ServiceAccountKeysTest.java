package dev.vkube.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

class ServiceAccountKeysTest {

  private final ServiceAccountKeys keys = ServiceAccountKeys.generate();

  @Test
  void generatesRsa2048() {
    RSAPublicKey publicKey = (RSAPublicKey) keys.keyPair().getPublic();
    assertEquals(2048, publicKey.getModulus().bitLength());
  }

  @Test
  void pemsRoundTripAndStillVerifyRs256Signatures() throws Exception {
    assertTrue(keys.privateKeyPem().startsWith("-----BEGIN PRIVATE KEY-----\n"));
    assertTrue(keys.publicKeyPem().startsWith("-----BEGIN PUBLIC KEY-----\n"));
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(Pem.readPrivateKey(keys.privateKeyPem()));
    signer.update("token".getBytes());
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(Pem.readPublicKey(keys.publicKeyPem()));
    verifier.update("token".getBytes());
    assertTrue(verifier.verify(signer.sign()));
  }

  @Test
  void fromPrivateKeyDerivesTheSamePublicKey() {
    ServiceAccountKeys reloaded =
        ServiceAccountKeys.fromPrivateKey(Pem.readPrivateKey(keys.privateKeyPem()));
    assertEquals(keys.keyPair().getPublic(), reloaded.keyPair().getPublic());
    assertEquals(keys.publicKeyPem(), reloaded.publicKeyPem());
  }

  @Test
  void fromPrivateKeyRejectsNonRsaKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ServiceAccountKeys.fromPrivateKey(
                    SigningKeys.newEcP256(new SecureRandom()).getPrivate()));
    assertTrue(e.getMessage().contains("RSA"), e.getMessage());
  }
}
