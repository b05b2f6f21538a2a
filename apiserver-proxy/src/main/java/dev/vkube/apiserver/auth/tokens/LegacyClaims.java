package dev.vkube.apiserver.auth.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.storage.Json;

/**
 * The claims of a legacy, Secret-based service-account token (pkg/serviceaccount/legacy.go): no expiry,
 * no audience, flat private claims under `kubernetes.io/serviceaccount/`.
 */
public record LegacyClaims(String subject, String namespace, String secretName, String serviceAccountName,
    String serviceAccountUid) {
  public static final String ISSUER = "kubernetes/serviceaccount";
  private static final String PREFIX = "kubernetes.io/serviceaccount/";

  /** Sorted keys, as go-jose writes the merged claims. */
  public ObjectNode toJson() {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("iss", ISSUER);
    out.put(PREFIX + "namespace", namespace);
    out.put(PREFIX + "secret.name", secretName);
    out.put(PREFIX + "service-account.name", serviceAccountName);
    out.put(PREFIX + "service-account.uid", serviceAccountUid);
    out.put("sub", subject);
    return out;
  }

  public static LegacyClaims fromJson(JsonNode payload) {
    return new LegacyClaims(ServiceAccountClaims.text(payload, "sub"),
        ServiceAccountClaims.text(payload, PREFIX + "namespace"),
        ServiceAccountClaims.text(payload, PREFIX + "secret.name"),
        ServiceAccountClaims.text(payload, PREFIX + "service-account.name"),
        ServiceAccountClaims.text(payload, PREFIX + "service-account.uid"));
  }
}
