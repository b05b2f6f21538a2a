package dev.vkube.apiserver.auth.tokens;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import dev.vkube.apiserver.storage.Json;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;

/**
 * Signs service-account tokens as kube-apiserver's JWTTokenGenerator (pkg/serviceaccount/jwt.go):
 * compact JWS, RS256, header {alg, kid} with the key id derived from the public key.
 */
public final class JwtSigner {
  private final RSASSASigner signer;
  private final JWSHeader header;

  public JwtSigner(KeyPair keys) {
    this.signer = new RSASSASigner(keys.getPrivate());
    this.header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId(keys.getPublic())).build();
  }

  public String sign(ObjectNode claims) {
    try {
      JWSObject jws = new JWSObject(header, new Payload(Json.MAPPER.writeValueAsString(claims)));
      jws.sign(signer);
      return jws.serialize();
    } catch (JOSEException | JsonProcessingException e) {
      throw new IllegalStateException("cannot sign service-account token", e);
    }
  }

  /** keyIDFromPublicKey: unpadded base64url of the SHA-256 of the DER (PKIX) public key. */
  public static String keyId(PublicKey key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
