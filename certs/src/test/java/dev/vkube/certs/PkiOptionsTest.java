package dev.vkube.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PkiOptionsTest {

  @Test
  void defaultsMatchKubeadmApiserverAndAdmin() {
    PkiOptions options = PkiOptions.defaults();
    assertEquals(
        List.of(
            "localhost",
            "kubernetes",
            "kubernetes.default",
            "kubernetes.default.svc",
            "kubernetes.default.svc.cluster.local"),
        options.serverDnsNames());
    assertEquals(List.of("127.0.0.1", "::1"), options.serverIps());
    assertEquals("kubernetes-admin", options.adminUser());
    assertEquals(List.of("system:masters"), options.adminGroups());
  }

  @Test
  void withExtraSansAppendsWithoutDuplicates() {
    PkiOptions options =
        PkiOptions.defaults()
            .withExtraSans(
                List.of("vkube.example.com", "localhost"), List.of("10.0.0.7", "127.0.0.1"));
    assertEquals("vkube.example.com", options.serverDnsNames().get(5));
    assertEquals(6, options.serverDnsNames().size());
    assertEquals(List.of("127.0.0.1", "::1", "10.0.0.7"), options.serverIps());
  }

  @Test
  void rejectsHostNameGivenAsIp() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PkiOptions.defaults().withExtraSans(List.of(), List.of("vkube.example.com")));
  }
}
