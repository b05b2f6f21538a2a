package dev.vkube.apiserver.auth.authn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import dev.vkube.apiserver.auth.tokens.JwtSigner;
import dev.vkube.apiserver.storage.Json;
import java.io.IOException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies a compact JWS against the service-account public keys, picking keys by `kid` when the
 * token names one (jwt.go staticPublicKeysGetter). Only RS256 is accepted: it is all vkube issues.
 */
final class JwtVerifier {
  private final Map<String, List<RSASSAVerifier>> byKeyId = new LinkedHashMap<>();
  private final List<RSASSAVerifier> all = new ArrayList<>();

  JwtVerifier(List<PublicKey> keys) {
    for (PublicKey key : keys) {
      RSASSAVerifier verifier = new RSASSAVerifier((RSAPublicKey) key);
      all.add(verifier);
      byKeyId.computeIfAbsent(JwtSigner.keyId(key), k -> new ArrayList<>()).add(verifier);
    }
  }

  /**
   * The verified payload; empty when {@code token} is not a compact JWS with a JSON payload (then it
   * is not ours to judge); throws when it is one but no key verifies it.
   */
  Optional<ObjectNode> verify(String token) {
    JWSObject jws;
    try {
      jws = JWSObject.parse(token);
    } catch (ParseException e) {
      return Optional.empty();
    }
    if (!JWSAlgorithm.RS256.equals(jws.getHeader().getAlgorithm())) {
      throw new AuthenticationException("invalid signature, unexpected signing algorithm "
          + jws.getHeader().getAlgorithm());
    }
    String kid = jws.getHeader().getKeyID();
    List<RSASSAVerifier> keys = kid == null || kid.isEmpty() ? all : byKeyId.getOrDefault(kid, List.of());
    if (keys.isEmpty()) {
      throw new AuthenticationException("invalid signature, no keys found");
    }
    for (RSASSAVerifier key : keys) {
      try {
        if (jws.verify(key)) {
          return Optional.of(payload(jws.getPayload().toString()));
        }
      } catch (JOSEException e) {
        // try the next key, as upstream does
      }
    }
    throw new AuthenticationException("square/go-jose: error in cryptographic primitive");
  }

  private static ObjectNode payload(String json) {
    try {
      JsonNode node = Json.MAPPER.readTree(json);
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (IOException e) {
      // fall through
    }
    throw new AuthenticationException("square/go-jose/jwt: illegal JWT claims");
  }

  /**
   * hasCorrectIssuer's peek: the `iss` of an unverified compact JWT, or null when {@code token} is
   * not one. Never trust it beyond choosing which authenticator looks at the token.
   */
  static String unverifiedIssuer(String token) {
    if (token.strip().startsWith("{")) {
      return null;
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
      JsonNode iss = claims == null ? null : claims.get("iss");
      return iss != null && iss.isTextual() ? iss.asText() : null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }
}
