package dev.vkube.apiserver.auth.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.api.Meta;
import dev.vkube.apiserver.api.StatusCause;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.registry.VirtualResource;
import dev.vkube.apiserver.storage.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * POST `serviceaccounts/NAME/token` (pkg/registry/core/serviceaccount/storage/token.go): issues a
 * TokenRequest's JWT for an existing service account, optionally bound to a Pod, Secret or Node of
 * the same namespace, and answers with status.token and status.expirationTimestamp. Reads the
 * informers' caches, where upstream reads storage: a service account created a moment ago may be 404.
 */
public final class TokenRequests implements VirtualResource {
  public static final long DEFAULT_EXPIRATION_SECONDS = 3600;
  static final long MIN_EXPIRATION_SECONDS = 10 * 60;
  static final long MAX_EXPIRATION_SECONDS = 1L << 32;
  /** WarnOnlyBoundTokenExpirationSeconds: kubelet's marker for "extend, but warn after an hour". */
  static final long WARN_ONLY_EXPIRATION_SECONDS = 60 * 60 + 7;
  static final long EXTENDED_EXPIRATION_SECONDS = 24L * 365 * 60 * 60;
  private static final String GROUP = "authentication.k8s.io";
  private static final String KIND = "TokenRequest";

  /**
   * The issuer and API audiences (--service-account-issuer, --api-audiences), the cap on lifetimes
   * (--service-account-max-token-expiration, 0 = none) and --service-account-extend-token-expiration.
   */
  public record Policy(String issuer, List<String> apiAudiences, long maxExpirationSeconds,
      boolean extendExpiration) {}

  private record Bound(ObjectNode pod, ObjectNode secret, ObjectNode node) {
    static final Bound NONE = new Bound(null, null, null);
  }

  private final JwtSigner signer;
  private final Policy policy;
  private final ServiceAccountObjects objects;
  private final Clock clock;
  private final Supplier<String> ids;

  public TokenRequests(JwtSigner signer, Policy policy, ServiceAccountObjects objects, Clock clock, Supplier<String> ids) {
    this.signer = signer;
    this.policy = policy;
    this.objects = objects;
    this.clock = clock;
    this.ids = ids;
  }

  @Override
  public ObjectNode create(String namespace, String name, ObjectNode body, UserInfo user) {
    if (namespace == null || namespace.isEmpty()) {
      throw ApiException.badRequest("namespace is required");
    }
    ObjectNode tokenRequest = body.deepCopy();
    ObjectNode metadata = tokenRequest.withObject("/metadata");
    requireMatch(metadata, "name", name, name, "must match the service account name if specified");
    requireMatch(metadata, "namespace", namespace, name, "must match the service account namespace if specified");
    ObjectNode sa = require(objects.serviceAccount(namespace, name), "serviceaccounts", name);
    prepare(tokenRequest, sa);
    return issue(tokenRequest, sa, bind(tokenRequest, namespace, name));
  }

  private static ObjectNode require(ObjectNode object, String resource, String name) {
    if (object == null) {
      throw ApiException.notFound("", resource, name);
    }
    return object;
  }

  private static void requireMatch(ObjectNode metadata, String field, String expected, String name, String detail) {
    String given = metadata.path(field).asText("");
    if (!given.isEmpty() && !given.equals(expected)) {
      throw ApiException.invalid(GROUP, KIND, name, List.of(StatusCause.invalid("metadata." + field, given, detail)));
    }
  }

  /** Checks the uid, defaults audiences, expiration and metadata, then validates (ValidateTokenRequest). */
  private void prepare(ObjectNode tokenRequest, ObjectNode sa) {
    ObjectNode metadata = tokenRequest.withObject("/metadata");
    String uid = metadata.path("uid").asText("");
    if (!uid.isEmpty() && !uid.equals(Meta.uid(sa))) {
      // Upstream only warns unless TokenRequestServiceAccountUIDValidation is on; we take the stricter way.
      throw ApiException.conflict(GROUP, KIND, Meta.name(sa), "the UID in the token request (" + uid
          + ") does not match the UID of the service account (" + Meta.uid(sa) + ")");
    }
    ObjectNode spec = tokenRequest.withObject("/spec");
    if (spec.path("audiences").size() == 0) {
      policy.apiAudiences().forEach(spec.putArray("audiences")::add);
    }
    if (!spec.path("expirationSeconds").isNumber()) {
      spec.put("expirationSeconds", DEFAULT_EXPIRATION_SECONDS);
    }
    metadata.put("name", Meta.name(sa)).put("namespace", Meta.namespace(sa)).put("uid", Meta.uid(sa))
        .put("creationTimestamp", Meta.timestamp(clock.instant()));
    tokenRequest.remove("status");
    long seconds = spec.path("expirationSeconds").asLong();
    if (seconds < MIN_EXPIRATION_SECONDS) {
      throw invalidExpiration(seconds, "may not specify a duration less than 10 minutes");
    }
    if (seconds > MAX_EXPIRATION_SECONDS) {
      throw invalidExpiration(seconds, "may not specify a duration larger than 2^32 seconds");
    }
  }

  private static ApiException invalidExpiration(long seconds, String detail) {
    return ApiException.invalid(GROUP, KIND, "", List.of(StatusCause.invalid("spec.expirationSeconds", seconds,
        detail)));
  }

  /** Resolves spec.boundObjectRef: the object must exist (404 otherwise) and have the uid given. */
  private Bound bind(ObjectNode tokenRequest, String namespace, String saName) {
    JsonNode ref = tokenRequest.path("spec").get("boundObjectRef");
    if (ref == null || !ref.isObject()) {
      return Bound.NONE;
    }
    String[] groupVersion = groupVersion(ref.path("apiVersion").asText(""));
    String kind = ref.path("kind").asText("");
    String refName = ref.path("name").asText("");
    if (!groupVersion[0].isEmpty()) {
      throw unsupported(groupVersion, kind);
    }
    Bound bound = switch (kind) {
      case "Pod" -> boundPod(require(objects.pod(namespace, refName), "pods", refName), saName);
      case "Secret" -> new Bound(null, require(objects.secret(namespace, refName), "secrets", refName), null);
      case "Node" -> new Bound(null, null, require(objects.node(refName), "nodes", refName));
      default -> throw unsupported(groupVersion, kind);
    };
    ObjectNode object = bound.pod != null ? bound.pod : bound.secret != null ? bound.secret : bound.node;
    String refUid = ref.path("uid").asText("");
    if (!refUid.isEmpty() && !refUid.equals(Meta.uid(object))) {
      throw ApiException.conflict(groupVersion[0], kind, refName, "the UID in the bound object reference ("
          + refUid + ") does not match the UID in record. The object might have been deleted and then recreated");
    }
    return bound;
  }

  private static ApiException unsupported(String[] groupVersion, String kind) {
    return ApiException.badRequest("cannot bind token to object of type " + groupVersion[0] + "/" + groupVersion[1]
        + ", Kind=" + kind);
  }

  /** A pod-bound token also names the pod's node (ServiceAccountTokenPodNodeInfo), uid-less if it is gone. */
  private Bound boundPod(ObjectNode pod, String saName) {
    if (!saName.equals(pod.path("spec").path("serviceAccountName").asText(""))) {
      throw ApiException.badRequest("cannot bind token for serviceaccount \"" + saName
          + "\" to pod running with different serviceaccount name.");
    }
    String nodeName = pod.path("spec").path("nodeName").asText("");
    if (nodeName.isEmpty()) {
      return new Bound(pod, null, null);
    }
    ObjectNode node = objects.node(nodeName);
    if (node == null) {
      node = Json.MAPPER.createObjectNode();
      node.putObject("metadata").put("name", nodeName);
    }
    return new Bound(pod, null, node);
  }

  /** schema.ParseGroupVersion: "v1" is the core group; more than one slash is no group version at all. */
  private static String[] groupVersion(String apiVersion) {
    String[] parts = apiVersion.split("/", -1);
    return switch (parts.length) {
      case 1 -> new String[] {"", parts[0]};
      case 2 -> parts;
      default -> new String[] {"", ""};
    };
  }

  private ObjectNode issue(ObjectNode tokenRequest, ObjectNode sa, Bound bound) {
    ObjectNode spec = (ObjectNode) tokenRequest.get("spec");
    long seconds = spec.path("expirationSeconds").asLong();
    if (policy.maxExpirationSeconds() > 0 && seconds > policy.maxExpirationSeconds()) {
      seconds = policy.maxExpirationSeconds();
      spec.put("expirationSeconds", seconds);
    }
    List<String> audiences = ServiceAccountClaims.audiences(spec.get("audiences"));
    // Safe rollout of bound tokens: kubelet asks for 3607 s; such a pod token lives a year but warns after.
    long lifetime = seconds;
    Long warnAfter = null;
    Instant now = clock.instant();
    if (policy.extendExpiration() && bound.pod != null && seconds == WARN_ONLY_EXPIRATION_SECONDS
        && policy.apiAudiences().containsAll(audiences)) {
      warnAfter = now.getEpochSecond() + seconds;
      lifetime = EXTENDED_EXPIRATION_SECONDS;
    }
    long issued = now.getEpochSecond();
    ObjectRef node = bound.node == null || bound.secret != null ? null : ref(bound.node);
    ServiceAccountClaims claims = new ServiceAccountClaims(policy.issuer(),
        ServiceAccountUsers.username(Meta.namespace(sa), Meta.name(sa)), audiences, issued, issued,
        issued + lifetime, ids.get(), Meta.namespace(sa), ref(sa), ref(bound.pod), ref(bound.secret), node, warnAfter);
    tokenRequest.put("apiVersion", GROUP + "/v1").put("kind", KIND);
    tokenRequest.putObject("status").put("token", signer.sign(claims.toJson()))
        .put("expirationTimestamp", Meta.timestamp(now.plusSeconds(seconds)));
    return tokenRequest;
  }

  private static ObjectRef ref(ObjectNode object) {
    if (object == null) {
      return null;
    }
    String uid = Meta.uid(object);
    return new ObjectRef(Meta.name(object), uid == null ? "" : uid);
  }
}
