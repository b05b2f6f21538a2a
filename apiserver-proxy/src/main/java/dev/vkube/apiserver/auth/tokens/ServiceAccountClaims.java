package dev.vkube.apiserver.auth.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.storage.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The claims of a bound service-account token (pkg/serviceaccount/claims.go Claims): the registered
 * ones (times in epoch seconds, absent = null) and the private `kubernetes.io` object. Refs other than
 * the service account are null when the token is not bound to such an object.
 */
public record ServiceAccountClaims(String issuer, String subject, List<String> audiences, Long issuedAt,
    Long notBefore, Long expiry, String id, String namespace, ObjectRef serviceAccount, ObjectRef pod,
    ObjectRef secret, ObjectRef node, Long warnAfter) {

  public ServiceAccountClaims {
    audiences = List.copyOf(audiences);
  }

  /**
   * The payload as upstream writes it: go-jose merges the claims into a map, so keys come out sorted
   * at every level; a single audience is a string, several an array.
   */
  public ObjectNode toJson() {
    ObjectNode out = Json.MAPPER.createObjectNode();
    if (audiences.size() == 1) {
      out.put("aud", audiences.get(0));
    } else if (!audiences.isEmpty()) {
      audiences.forEach(out.putArray("aud")::add);
    }
    putTime(out, "exp", expiry);
    putTime(out, "iat", issuedAt);
    putText(out, "iss", issuer);
    putText(out, "jti", id);
    ObjectNode k8s = out.putObject("kubernetes.io");
    putText(k8s, "namespace", namespace);
    putRef(k8s, "node", node);
    putRef(k8s, "pod", pod);
    putRef(k8s, "secret", secret);
    putRef(k8s, "serviceaccount", serviceAccount);
    putTime(k8s, "warnafter", warnAfter);
    putTime(out, "nbf", notBefore);
    putText(out, "sub", subject);
    return out;
  }

  /** Reads a verified payload; missing private claims read as empty, as Go's zero values. */
  public static ServiceAccountClaims fromJson(JsonNode payload) {
    JsonNode k8s = payload.path("kubernetes.io");
    ObjectRef sa = ObjectRef.from(k8s.get("serviceaccount"));
    return new ServiceAccountClaims(text(payload, "iss"), text(payload, "sub"), audiences(payload.get("aud")),
        time(payload.get("iat")), time(payload.get("nbf")), time(payload.get("exp")), text(payload, "jti"),
        text(k8s, "namespace"), sa == null ? new ObjectRef("", "") : sa, ObjectRef.from(k8s.get("pod")),
        ObjectRef.from(k8s.get("secret")), ObjectRef.from(k8s.get("node")), time(k8s.get("warnafter")));
  }

  /** The `aud` claim: a string or an array of strings (go-jose Audience). */
  public static List<String> audiences(JsonNode aud) {
    List<String> out = new ArrayList<>();
    if (aud != null && aud.isTextual()) {
      out.add(aud.asText());
    } else if (aud != null && aud.isArray()) {
      aud.forEach(a -> out.add(a.asText()));
    }
    return out;
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }

  private static Long time(JsonNode value) {
    return value == null || !value.isNumber() ? null : value.asLong();
  }

  private static void putText(ObjectNode out, String field, String value) {
    if (value != null && !value.isEmpty()) {
      out.put(field, value);
    }
  }

  private static void putTime(ObjectNode out, String field, Long value) {
    if (value != null) {
      out.put(field, value);
    }
  }

  private static void putRef(ObjectNode out, String field, ObjectRef ref) {
    if (ref != null) {
      out.set(field, ref.toJson());
    }
  }
}
