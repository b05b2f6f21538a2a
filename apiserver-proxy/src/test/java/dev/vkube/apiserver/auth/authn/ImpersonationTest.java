package dev.vkube.apiserver.auth.authn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vkube.apiserver.api.ApiException;
import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.auth.authz.Attributes;
import dev.vkube.apiserver.auth.authz.Authorizer;
import dev.vkube.apiserver.auth.authz.Decision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImpersonationTest {
  final Impersonation impersonation = new Impersonation();
  final UserInfo alice = UserInfo.of("alice", List.of("devs", UserInfo.AUTHENTICATED));
  final List<Attributes> asked = new ArrayList<>();
  final Authorizer allowAll = a -> {
    asked.add(a);
    return Decision.allow("");
  };

  static Map<String, List<String>> headers(String... nameValues) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      out.computeIfAbsent(nameValues[i], k -> new ArrayList<>()).add(nameValues[i + 1]);
    }
    return out;
  }

  static String describe(Attributes a) {
    return a.verb() + " " + a.apiGroup() + "/" + a.resource() + (a.subresource().isEmpty() ? "" : "/" + a.subresource())
        + " " + a.namespace() + "/" + a.name();
  }

  @Test
  void withoutHeadersTheRequesterIsUnchanged() {
    assertSame(alice, impersonation.impersonate(alice, headers("Accept", "application/json"), allowAll));
  }

  @Test
  void userAloneIsAuthenticatedAndChecksUsers() {
    UserInfo bob = impersonation.impersonate(alice, headers("impersonate-user", "bob"), allowAll);
    assertEquals(UserInfo.of("bob", List.of(UserInfo.AUTHENTICATED)), bob);
    assertEquals(List.of("impersonate /users /bob"), asked.stream().map(ImpersonationTest::describe).toList());
    assertEquals("alice", asked.get(0).user().name());
  }

  @Test
  void serviceAccountGetsItsGroupsUnlessGroupsAreGiven() {
    UserInfo sa = impersonation.impersonate(alice, headers("Impersonate-User", "system:serviceaccount:ns:robot"),
        allowAll);
    assertEquals(List.of("system:serviceaccounts", "system:serviceaccounts:ns", UserInfo.AUTHENTICATED), sa.groups());
    assertEquals("impersonate /serviceaccounts ns/robot", describe(asked.get(0)));
    UserInfo grouped = impersonation.impersonate(alice, headers("Impersonate-User", "system:serviceaccount:ns:robot",
        "Impersonate-Group", "g1"), allowAll);
    assertEquals(List.of("g1", UserInfo.AUTHENTICATED), grouped.groups());
  }

  @Test
  void groupsExtrasAndUidAreEachChecked() {
    UserInfo result = impersonation.impersonate(alice, headers("Impersonate-User", "bob", "Impersonate-Group", "g1",
        "Impersonate-Group", "system:unauthenticated", "Impersonate-Extra-Scopes", "view",
        "Impersonate-Extra-Scopes", "edit", "Impersonate-Extra-Example.com%2fteam", "a", "Impersonate-Uid", "u-1"),
        allowAll);
    assertEquals(List.of("g1", UserInfo.UNAUTHENTICATED), result.groups(), "no system:authenticated when "
        + "system:unauthenticated is asked for");
    assertEquals(Map.of("scopes", List.of("view", "edit"), "example.com/team", List.of("a")), result.extra());
    assertEquals("u-1", result.uid());
    assertEquals(List.of("impersonate /users /bob", "impersonate /groups /g1",
        "impersonate /groups /system:unauthenticated", "impersonate authentication.k8s.io/userextras/scopes /view",
        "impersonate authentication.k8s.io/userextras/scopes /edit",
        "impersonate authentication.k8s.io/userextras/example.com/team /a", "impersonate authentication.k8s.io/uids /u-1"),
        asked.stream().map(ImpersonationTest::describe).toList());
  }

  @Test
  void anonymousIsUnauthenticated() {
    UserInfo anonymous = impersonation.impersonate(alice, headers("Impersonate-User", "system:anonymous"), allowAll);
    assertEquals(List.of(UserInfo.UNAUTHENTICATED), anonymous.groups());
  }

  @Test
  void deniedImpersonationIsForbiddenAsUpstreamWordsIt() {
    Authorizer onlyGroups = a -> "groups".equals(a.resource()) ? Decision.allow("") : Decision.NO_OPINION;
    ApiException e = assertThrows(ApiException.class, () -> impersonation.impersonate(alice,
        headers("Impersonate-User", "bob"), onlyGroups));
    assertEquals(403, e.code());
    assertEquals("users \"bob\" is forbidden: User \"alice\" cannot impersonate resource \"users\" in API group \"\" "
        + "at the cluster scope", e.getMessage());
    ApiException sa = assertThrows(ApiException.class, () -> impersonation.impersonate(alice,
        headers("Impersonate-User", "system:serviceaccount:ns:robot"), a -> Decision.deny("no")));
    assertEquals("serviceaccounts \"robot\" is forbidden: User \"alice\" cannot impersonate resource "
        + "\"serviceaccounts\" in API group \"\" in the namespace \"ns\": no", sa.getMessage());
  }

  @Test
  void groupsWithoutAUserAreABadRequest() {
    ApiException e = assertThrows(ApiException.class, () -> impersonation.impersonate(alice,
        headers("Impersonate-Group", "g1"), allowAll));
    assertEquals(400, e.code());
    assertEquals("requested [{Group  g1    }] without impersonating a user", e.getMessage());
  }
}
