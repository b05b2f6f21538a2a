package dev.vkube.apiserver.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Cases of k8s.io/apiserver endpoints/request/requestinfo_test.go, as our own table. */
class RequestInfoParserTest {
  private static void check(String method, String path, String verb, String group, String namespace,
      String resource, String name, String sub) {
    RequestInfo info = RequestInfoParser.parse(method, path, false);
    assertEquals(verb, info.verb(), path);
    assertEquals(group, info.group(), path);
    assertEquals(namespace, info.namespace(), path);
    assertEquals(resource, info.resource(), path);
    assertEquals(name, info.name(), path);
    assertEquals(sub, info.subresource(), path);
  }

  @Test
  void resourcePaths() {
    check("GET", "/api/v1/namespaces/ns/pods", "list", "", "ns", "pods", null, null);
    check("GET", "/api/v1/namespaces/ns/pods/p", "get", "", "ns", "pods", "p", null);
    check("PUT", "/api/v1/namespaces/ns/pods/p/status", "update", "", "ns", "pods", "p", "status");
    check("GET", "/api/v1/pods", "list", "", null, "pods", null, null);
    check("POST", "/apis/apps/v1/namespaces/ns/deployments", "create", "apps", "ns", "deployments", null, null);
    check("DELETE", "/apis/apps/v1/namespaces/ns/deployments", "deletecollection", "apps", "ns", "deployments",
        null, null);
    check("PATCH", "/api/v1/nodes/n1", "patch", "", null, "nodes", "n1", null);
  }

  @Test
  void namespacesAreTheirOwnResource() {
    check("GET", "/api/v1/namespaces", "list", "", null, "namespaces", null, null);
    check("GET", "/api/v1/namespaces/foo", "get", "", "foo", "namespaces", "foo", null);
    check("PUT", "/api/v1/namespaces/foo/finalize", "update", "", "foo", "namespaces", "foo", "finalize");
    check("PUT", "/api/v1/namespaces/foo/status", "update", "", "foo", "namespaces", "foo", "status");
  }

  @Test
  void legacyWatchPrefixAndNonResourcePaths() {
    check("GET", "/api/v1/watch/namespaces/ns/pods", "watch", "", "ns", "pods", null, null);
    RequestInfo health = RequestInfoParser.parse("GET", "/healthz", false);
    assertFalse(health.isResourceRequest());
    assertNull(RequestInfoParser.parse("GET", "/apis/apps/v1", false).resource());
    assertNull(RequestInfoParser.parse("GET", "/apis/apps", false).resource());
  }
}
