package dev.vkube.apiserver.auth;

import java.util.List;
import java.util.Map;

/** An authenticated (or anonymous) user: k8s.io/apiserver user.Info. */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {
  public static final String AUTHENTICATED = "system:authenticated";
  public static final String UNAUTHENTICATED = "system:unauthenticated";
  public static final String ANONYMOUS = "system:anonymous";
  public static final String MASTERS = "system:masters";

  public UserInfo {
    groups = List.copyOf(groups);
    extra = Map.copyOf(extra);
  }

  public static UserInfo of(String name, List<String> groups) {
    return new UserInfo(name, "", groups, Map.of());
  }

  public static UserInfo anonymous() {
    return of(ANONYMOUS, List.of(UNAUTHENTICATED));
  }

  public boolean inGroup(String group) {
    return groups.contains(group);
  }
}
