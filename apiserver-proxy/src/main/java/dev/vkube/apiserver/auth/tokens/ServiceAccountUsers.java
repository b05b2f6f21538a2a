package dev.vkube.apiserver.auth.tokens;

import dev.vkube.apiserver.auth.UserInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a service account appears as a user (k8s.io/apiserver authentication/serviceaccount/util.go):
 * `system:serviceaccount:NS:NAME` in `system:serviceaccounts` and `system:serviceaccounts:NS`.
 */
public final class ServiceAccountUsers {
  public static final String USERNAME_PREFIX = "system:serviceaccount:";
  public static final String ALL_GROUP = "system:serviceaccounts";
  public static final String GROUP_PREFIX = "system:serviceaccounts:";
  public static final String POD_NAME_KEY = "authentication.kubernetes.io/pod-name";
  public static final String POD_UID_KEY = "authentication.kubernetes.io/pod-uid";
  public static final String NODE_NAME_KEY = "authentication.kubernetes.io/node-name";
  public static final String NODE_UID_KEY = "authentication.kubernetes.io/node-uid";
  public static final String CREDENTIAL_ID_KEY = "authentication.kubernetes.io/credential-id";
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private ServiceAccountUsers() {}

  /** What a validated token says about its holder (apiserver's ServiceAccountInfo). */
  public record Info(String namespace, String name, String uid, String podName, String podUid, String nodeName,
      String nodeUid, String credentialId) {
    public static Info of(String namespace, String name, String uid) {
      return new Info(namespace, name, uid, "", "", "", "", "");
    }

    /** ServiceAccountInfo.UserInfo: pod extras only with both name and uid, node uid only with a name. */
    public UserInfo toUser() {
      Map<String, List<String>> extra = new LinkedHashMap<>();
      if (!podName.isEmpty() && !podUid.isEmpty()) {
        extra.put(POD_NAME_KEY, List.of(podName));
        extra.put(POD_UID_KEY, List.of(podUid));
      }
      if (!credentialId.isEmpty()) {
        extra.put(CREDENTIAL_ID_KEY, List.of(credentialId));
      }
      if (!nodeName.isEmpty()) {
        extra.put(NODE_NAME_KEY, List.of(nodeName));
        if (!nodeUid.isEmpty()) {
          extra.put(NODE_UID_KEY, List.of(nodeUid));
        }
      }
      return new UserInfo(username(namespace, name), uid, groups(namespace), extra);
    }
  }

  public static String username(String namespace, String name) {
    return USERNAME_PREFIX + namespace + ":" + name;
  }

  public static List<String> groups(String namespace) {
    return List.of(ALL_GROUP, GROUP_PREFIX + namespace);
  }

  /** SplitUsername: {namespace, name}, or null when not a valid service-account username. */
  public static String[] split(String username) {
    if (!username.startsWith(USERNAME_PREFIX)) {
      return null;
    }
    String[] parts = username.substring(USERNAME_PREFIX.length()).split(":", -1);
    if (parts.length != 2 || parts[0].length() > 63 || !DNS_LABEL.matcher(parts[0]).matches()
        || parts[1].length() > 253 || !DNS_SUBDOMAIN.matcher(parts[1]).matches()) {
      return null;
    }
    return parts;
  }

  /** CredentialIDForJTI. */
  public static String credentialIdForJti(String jti) {
    return jti == null || jti.isEmpty() ? "" : "JTI=" + jti;
  }
}
