package dev.vkube.apiserver.auth.authn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.auth.tokens.ObjectRef;
import dev.vkube.apiserver.auth.tokens.ServiceAccountObjects;
import dev.vkube.apiserver.auth.tokens.ServiceAccountClaims;
import dev.vkube.apiserver.auth.tokens.ServiceAccountUsers;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The claims check of bound tokens (pkg/serviceaccount/claims.go validator): time window with
 * go-jose's one-minute leeway, then the service account and any bound secret, pod or node must still
 * exist with the uid in the token (and not be deleting for longer than the leeway).
 */
final class BoundTokenValidator implements ServiceAccountTokenAuthenticator.Validator {
  /** jwt.DefaultLeeway. */
  static final long LEEWAY_SECONDS = 60;
  private static final String INVALIDATED = "service account token has been invalidated";
  private final ServiceAccountObjects objects;
  private final Clock clock;

  BoundTokenValidator(ServiceAccountObjects objects, Clock clock) {
    this.objects = objects;
    this.clock = clock;
  }

  @Override
  public ServiceAccountUsers.Info validate(String token, ObjectNode payload) {
    ServiceAccountClaims claims = ServiceAccountClaims.fromJson(payload);
    Instant now = clock.instant();
    checkTimes(claims, now);
    Instant deletedBefore = now.minusSeconds(LEEWAY_SECONDS);
    String namespace = claims.namespace();
    ObjectRef saRef = claims.serviceAccount();
    ObjectNode sa = objects.serviceAccount(namespace, saRef.name());
    if (sa == null) {
      throw new AuthenticationException("serviceaccounts \"" + saRef.name() + "\" not found");
    }
    if (!uid(sa).equals(saRef.uid())) {
      throw new AuthenticationException("service account UID (" + uid(sa) + ") does not match claim ("
          + saRef.uid() + ")");
    }
    if (deletedBefore(sa, deletedBefore)) {
      throw new AuthenticationException("service account " + namespace + "/" + saRef.name() + " has been deleted");
    }
    if (claims.secret() != null) {
      checkBound(objects.secret(namespace, claims.secret().name()), claims.secret(), "secret", deletedBefore);
    }
    String podName = "";
    String podUid = "";
    if (claims.pod() != null) {
      checkBound(objects.pod(namespace, claims.pod().name()), claims.pod(), "pod", deletedBefore);
      podName = claims.pod().name();
      podUid = claims.pod().uid();
    }
    String nodeName = "";
    String nodeUid = "";
    if (claims.node() != null) {
      if (claims.pod() == null) {
        checkBound(objects.node(claims.node().name()), claims.node(), "node", deletedBefore);
      }
      nodeName = claims.node().name();
      nodeUid = claims.node().uid();
    }
    return new ServiceAccountUsers.Info(namespace, saRef.name(), saRef.uid(), podName, podUid, nodeName, nodeUid,
        ServiceAccountUsers.credentialIdForJti(claims.id()));
  }

  /** jwt.Claims.Validate with DefaultLeeway, in go-jose's order. */
  private static void checkTimes(ServiceAccountClaims claims, Instant now) {
    long seconds = now.getEpochSecond();
    if (claims.notBefore() != null && seconds + LEEWAY_SECONDS < claims.notBefore()) {
      throw new AuthenticationException("service account token is not valid yet");
    }
    if (claims.expiry() != null && now.minusSeconds(LEEWAY_SECONDS).isAfter(Instant.ofEpochSecond(claims.expiry()))) {
      throw new AuthenticationException("service account token has expired");
    }
    if (claims.issuedAt() != null && seconds + LEEWAY_SECONDS < claims.issuedAt()) {
      throw new AuthenticationException("service account token is issued in the future");
    }
  }

  private static void checkBound(ObjectNode object, ObjectRef ref, String kind, Instant deletedBefore) {
    if (object == null) {
      throw new AuthenticationException(INVALIDATED);
    }
    if (!uid(object).equals(ref.uid())) {
      throw new AuthenticationException(kind + " UID (" + uid(object) + ") does not match service account "
          + kind + " ref claim (" + ref.uid() + ")");
    }
    if (deletedBefore(object, deletedBefore)) {
      throw new AuthenticationException(INVALIDATED);
    }
  }

  static String uid(ObjectNode object) {
    return object.path("metadata").path("uid").asText("");
  }

  /** Whether a deletionTimestamp is set and before {@code instant}. */
  static boolean deletedBefore(ObjectNode object, Instant instant) {
    String stamp = object.path("metadata").path("deletionTimestamp").asText("");
    if (stamp.isEmpty()) {
      return false;
    }
    try {
      return OffsetDateTime.parse(stamp).toInstant().isBefore(instant);
    } catch (DateTimeParseException e) {
      return true;
    }
  }
}
