package dev.vkube.apiserver.registry;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NameRuleTest {
  @Test
  void subdomainAllowsDotsButNotUppercase() {
    assertTrue(NameRule.DNS_SUBDOMAIN.check("a.b-c").isEmpty());
    assertTrue(NameRule.DNS_SUBDOMAIN.check("Bad_Name").get().startsWith("a lowercase RFC 1123 subdomain"));
    assertTrue(NameRule.DNS_SUBDOMAIN.check("x".repeat(254)).isPresent());
  }

  @Test
  void labelRejectsDotsAndLongNames() {
    assertTrue(NameRule.DNS_LABEL.check("a.b").get().startsWith("a lowercase RFC 1123 label"));
    assertTrue(NameRule.DNS_LABEL.check("x".repeat(64)).isPresent());
    assertTrue(NameRule.DNS_LABEL.check("x".repeat(63)).isEmpty());
  }

  @Test
  void pathSegmentAllowsColonsButNotSlashes() {
    assertTrue(NameRule.PATH_SEGMENT.check("system:controller:x").isEmpty());
    assertTrue(NameRule.PATH_SEGMENT.check("a/b").isPresent());
    assertTrue(NameRule.PATH_SEGMENT.check("..").isPresent());
  }
}
