package dev.vkube.certs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class IssuedCertificateTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final CertificateAuthority CA =
      CertificateAuthority.create("kubernetes", Clock.fixed(NOW, ZoneOffset.UTC));

  private final IssuedCertificate server =
      CA.issue(
          LeafSpec.server(
              "kube-apiserver", List.of("localhost", "kubernetes"), List.of("127.0.0.1", "::1")));

  @Test
  void coversRequestedSubsetOfSans() {
    assertTrue(server.covers(List.of("kubernetes"), List.of("127.0.0.1")));
    assertTrue(server.covers(List.of(), List.of()));
  }

  @Test
  void coversComparesDnsCaseInsensitivelyAndIpsByAddress() {
    assertTrue(server.covers(List.of("LOCALHOST"), List.of("0:0:0:0:0:0:0:1", "::0001")));
  }

  @Test
  void doesNotCoverMissingDnsNameOrIp() {
    assertFalse(server.covers(List.of("vkube.example.com"), List.of()));
    assertFalse(server.covers(List.of(), List.of("10.0.0.1")));
  }

  @Test
  void validAtIsInclusiveOfBothEnds() {
    Instant notBefore = NOW.minus(CertificateAuthority.BACKDATE);
    Instant notAfter = NOW.plus(LeafSpec.DEFAULT_VALIDITY);
    assertTrue(server.validAt(notBefore));
    assertTrue(server.validAt(notAfter));
    assertFalse(server.validAt(notBefore.minusSeconds(1)));
    assertFalse(server.validAt(notAfter.plus(Duration.ofSeconds(1))));
  }

  @Test
  void keyMatchesOnlyItsOwnCertificate() {
    IssuedCertificate other = CA.issue(LeafSpec.client("u", List.of()));
    assertTrue(server.keyMatches());
    assertFalse(new IssuedCertificate(server.certificate(), other.privateKey()).keyMatches());
  }

  @Test
  void pemAccessorsRoundTrip() {
    assertTrue(server.certificate().equals(Pem.readCertificate(server.certificatePem())));
    assertTrue(server.privateKey().equals(Pem.readPrivateKey(server.privateKeyPem())));
    assertTrue(server.privateKeyPem().startsWith("-----BEGIN PRIVATE KEY-----\n"));
  }
}
