package dev.vkube.apiserver.auth.authn;

import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.auth.authz.Attributes;
import dev.vkube.apiserver.auth.authz.Authorizer;
import dev.vkube.apiserver.auth.authz.Decision;
import dev.vkube.apiserver.auth.authz.Forbidden;
import dev.vkube.apiserver.auth.tokens.ServiceAccountUsers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Impersonation headers (k8s.io/apiserver endpoints/filters/impersonation): the requester must be
 * allowed to `impersonate` each user, service account, group, extra value and uid asked for, else
 * 403; the request then runs as the impersonated user. Groups given are taken as they are (plus
 * system:authenticated); a service account without groups gets its fixed ones.
 */
public final class Impersonation {
  public static final String USER_HEADER = "Impersonate-User";
  public static final String GROUP_HEADER = "Impersonate-Group";
  public static final String UID_HEADER = "Impersonate-Uid";
  public static final String EXTRA_HEADER_PREFIX = "Impersonate-Extra-";
  private static final String AUTHENTICATION_GROUP = "authentication.k8s.io";

  /** One thing to impersonate, as upstream's ObjectReference (fieldPath carries the extra key). */
  private record Target(String kind, String namespace, String name, String apiVersion, String fieldPath) {
    /** Go's %v of the ObjectReference, for the 400 message. */
    @Override
    public String toString() {
      return "{" + String.join(" ", kind, namespace, name, "", apiVersion, "", fieldPath) + "}";
    }
  }

  /**
   * The user the request runs as: {@code requester} itself when no impersonation header is present.
   * {@code headers} are the request's, names matched case-insensitively, every value of each.
   */
  public UserInfo impersonate(UserInfo requester, Map<String, List<String>> headers, Authorizer authorizer) {
    List<Target> targets = targets(headers);
    if (targets.isEmpty()) {
      return requester;
    }
    boolean groupsSpecified = !values(headers, GROUP_HEADER).isEmpty();
    String username = "";
    String uid = "";
    List<String> groups = new ArrayList<>();
    Map<String, List<String>> extra = new LinkedHashMap<>();
    for (Target target : targets) {
      Attributes attributes = attributes(requester, target);
      switch (target.kind()) {
        case "ServiceAccount" -> {
          username = ServiceAccountUsers.username(target.namespace(), target.name());
          if (!groupsSpecified) {
            groups = new ArrayList<>(ServiceAccountUsers.groups(target.namespace()));
          }
        }
        case "User" -> username = target.name();
        case "Group" -> groups.add(target.name());
        case "UserExtra" -> extra.computeIfAbsent(target.fieldPath(), k -> new ArrayList<>()).add(target.name());
        default -> uid = target.name();
      }
      Decision decision = authorizer.authorize(attributes);
      if (!decision.allowed()) {
        throw Forbidden.of(attributes, decision.reason());
      }
    }
    addImplicitGroup(username, groups);
    return new UserInfo(username, uid, groups, extra);
  }

  /** system:authenticated unless either all-group is given; system:unauthenticated for anonymous. */
  private static void addImplicitGroup(String username, List<String> groups) {
    if (!username.equals(UserInfo.ANONYMOUS)) {
      if (!groups.contains(UserInfo.AUTHENTICATED) && !groups.contains(UserInfo.UNAUTHENTICATED)) {
        groups.add(UserInfo.AUTHENTICATED);
      }
    } else if (!groups.contains(UserInfo.UNAUTHENTICATED)) {
      groups.add(UserInfo.UNAUTHENTICATED);
    }
  }

  private static Attributes attributes(UserInfo requester, Target target) {
    return switch (target.kind()) {
      case "ServiceAccount" -> Attributes.resource(requester, "impersonate", "", "", "serviceaccounts", null,
          target.namespace(), target.name());
      case "User" -> Attributes.resource(requester, "impersonate", "", "", "users", null, null, target.name());
      case "Group" -> Attributes.resource(requester, "impersonate", "", "", "groups", null, null, target.name());
      case "UserExtra" -> Attributes.resource(requester, "impersonate", AUTHENTICATION_GROUP, "v1", "userextras",
          target.fieldPath(), null, target.name());
      default -> Attributes.resource(requester, "impersonate", AUTHENTICATION_GROUP, "v1", "uids", null, null,
          target.name());
    };
  }

  /** buildImpersonationRequests: user, groups, extras, uid; groups, extras or uid need a user (400). */
  private static List<Target> targets(Map<String, List<String>> headers) {
    List<Target> targets = new ArrayList<>();
    List<String> users = values(headers, USER_HEADER);
    String user = users.isEmpty() ? "" : users.get(0);
    if (!user.isEmpty()) {
      String[] sa = ServiceAccountUsers.split(user);
      targets.add(sa != null ? new Target("ServiceAccount", sa[0], sa[1], "", "") : new Target("User", "", user, "", ""));
    }
    values(headers, GROUP_HEADER).forEach(g -> targets.add(new Target("Group", "", g, "", "")));
    boolean others = !values(headers, GROUP_HEADER).isEmpty();
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      String name = header.getKey();
      if (name.regionMatches(true, 0, EXTRA_HEADER_PREFIX, 0, EXTRA_HEADER_PREFIX.length())) {
        others = true;
        String key = unescape(name.substring(EXTRA_HEADER_PREFIX.length()).toLowerCase(Locale.ROOT));
        header.getValue().forEach(v -> targets.add(new Target("UserExtra", "", v, AUTHENTICATION_GROUP + "/v1", key)));
      }
    }
    List<String> uids = values(headers, UID_HEADER);
    if (!uids.isEmpty() && !uids.get(0).isEmpty()) {
      others = true;
      targets.add(new Target("UID", "", uids.get(0), AUTHENTICATION_GROUP + "/v1", ""));
    }
    if (others && user.isEmpty()) {
      throw ApiException.badRequest("requested " + targets.stream().map(Target::toString)
          .collect(Collectors.joining(" ", "[", "]")) + " without impersonating a user");
    }
    return targets;
  }

  private static List<String> values(Map<String, List<String>> headers, String name) {
    List<String> out = new ArrayList<>();
    headers.forEach((key, values) -> {
      if (key.equalsIgnoreCase(name)) {
        out.addAll(values);
      }
    });
    return out;
  }

  /** url.PathUnescape: %XX decoded as UTF-8; a malformed key is kept as given. */
  static String unescape(String key) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c != '%') {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      if (i + 2 >= key.length() || Character.digit(key.charAt(i + 1), 16) < 0
          || Character.digit(key.charAt(i + 2), 16) < 0) {
        return key;
      }
      bytes.write(Integer.parseInt(key.substring(i + 1, i + 3), 16));
      i += 2;
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
