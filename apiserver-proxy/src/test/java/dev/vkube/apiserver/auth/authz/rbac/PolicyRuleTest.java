package dev.vkube.apiserver.auth.authz.rbac;

import static dev.vkube.apiserver.auth.authz.rbac.RbacFixtures.named;
import static dev.vkube.apiserver.auth.authz.rbac.RbacFixtures.rule;
import static dev.vkube.apiserver.auth.authz.rbac.RbacFixtures.url;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vkube.apiserver.auth.UserInfo;
import dev.vkube.apiserver.auth.authz.Attributes;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RuleAllows over a table of cases after upstream's rbac_test.go and evaluation_helpers tests. */
class PolicyRuleTest {
  private static final UserInfo U = UserInfo.of("u", List.of());

  @ParameterizedTest(name = "{0} {1}/{2}/{3}/{4} name={5} -> {6}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      // rule verbs | request verb | group | resource | subresource | name | allowed  (rule: groups "" / resource)
      "get         | get    | ''    | pods | ''       | ''  | true",
      "get         | list   | ''    | pods | ''       | ''  | false",
      "*           | delete | ''    | pods | ''       | ''  | true",
      "get,list    | list   | ''    | pods | ''       | ''  | true",
      "get         | get    | apps  | pods | ''       | ''  | false",
      "get         | get    | ''    | pods | log      | ''  | false",
      "get         | get    | ''    | pods | ''       | foo | true",
  })
  void verbsGroupsAndResources(String verbs, String verb, String group, String resource, String sub, String name,
      boolean allowed) {
    PolicyRule r = rule(verbs, "-", "pods");
    assertEquals(allowed, r.allows(Attributes.resource(U, verb, group, "v1", resource, sub, "ns", name)));
  }

  @ParameterizedTest(name = "rule {0} request {1}/{2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      "pods/log    | pods        | log     | true",
      "pods/log    | pods        | ''      | false",
      "pods        | pods        | log     | false",
      "*/log       | pods        | log     | true",
      "*/log       | nodes       | log     | true",
      "*/log       | pods        | ''      | false",
      "*/log       | pods        | logs    | false",
      "*/scale     | deployments | scale   | true",
      "*           | pods        | log     | true",
      "*           | pods        | ''      | true",
      "pods/*      | pods        | log     | false",
      "pods/status | pods        | log     | false",
  })
  void subresources(String ruleResource, String resource, String sub, boolean allowed) {
    PolicyRule r = rule("get", "*", ruleResource);
    assertEquals(allowed, r.allows(Attributes.resource(U, "get", "", "v1", resource, sub, "", "")));
  }

  @ParameterizedTest(name = "names {0} verb {1} name {2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      "foo      | get    | foo | true",
      "foo      | get    | bar | false",
      "foo,bar  | update | bar | true",
      // list and create carry no name: a rule with resourceNames cannot allow them
      "foo      | list   | ''  | false",
      "foo      | create | ''  | false",
      "foo      | watch  | ''  | false",
      // a watch of one object (fieldSelector metadata.name=foo) does carry the name
      "foo      | watch  | foo | true",
  })
  void resourceNames(String names, String verb, String name, boolean allowed) {
    PolicyRule r = named("*", "-", "configmaps", names);
    assertEquals(allowed, r.allows(Attributes.resource(U, verb, "", "v1", "configmaps", "", "ns", name)));
  }

  @ParameterizedTest(name = "urls {0} path {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "/healthz      | /healthz        | true",
      "/healthz      | /healthz/etcd   | false",
      "/healthz/*    | /healthz/etcd   | true",
      "/healthz/*    | /healthz        | false",
      "/api*         | /apis/apps      | true",
      "*             | /anything       | true",
      "/version,/version/ | /version/ | true",
      "/apis/*       | /apis          | false",
  })
  void nonResourceUrls(String urls, String path, boolean allowed) {
    PolicyRule r = url("get", urls.replace(' ', ','));
    assertEquals(allowed, r.allows(Attributes.nonResource(U, "get", path)));
  }

  @ParameterizedTest(name = "resource rule vs url {0}")
  @CsvSource({"/api", "/healthz"})
  void resourceRulesNeverAllowUrlsAndViceVersa(String path) {
    assertEquals(false, rule("*", "*", "*").allows(Attributes.nonResource(U, "get", path)));
    assertEquals(false, url("*", "*").allows(Attributes.resource(U, "get", "", "v1", "pods", "", "", "")));
  }

  @ParameterizedTest(name = "compact {0}")
  @CsvSource(delimiter = '|', value = {
      "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"get\" \"list\"]}",
  })
  void compactStringIsUpstreamsFormat(String expected) {
    assertEquals(expected, rule("get,list", "-", "pods").compactString());
    assertEquals("{NonResourceURLs:[\"/healthz\"], Verbs:[\"get\"]}", url("get", "/healthz").compactString());
    assertEquals("{APIGroups:[\"\"], Resources:[\"configmaps\"], ResourceNames:[\"a\"], Verbs:[\"get\"]}",
        named("get", "-", "configmaps", "a").compactString());
  }
}
