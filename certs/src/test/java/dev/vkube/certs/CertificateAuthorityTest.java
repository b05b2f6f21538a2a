package dev.vkube.certs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertPathValidatorException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private final CertificateAuthority ca = CertificateAuthority.create("kubernetes", CLOCK);

  @Test
  void serverCertificateChainValidatesWithJdkPkix() {
    IssuedCertificate server =
        ca.issue(LeafSpec.server("kube-apiserver", List.of("localhost"), List.of()));
    assertDoesNotThrow(() -> Chains.validate(server.certificate(), ca.certificate(), NOW));
  }

  @Test
  void clientCertificateChainValidatesWithJdkPkix() {
    IssuedCertificate admin =
        ca.issue(LeafSpec.client("kubernetes-admin", List.of("system:masters")));
    assertDoesNotThrow(() -> Chains.validate(admin.certificate(), ca.certificate(), NOW));
  }

  @Test
  void chainFromAnotherCaFailsJdkPkix() {
    CertificateAuthority other = CertificateAuthority.create("kubernetes", CLOCK);
    IssuedCertificate foreign = other.issue(LeafSpec.client("mallory", List.of()));
    assertThrows(
        CertPathValidatorException.class,
        () -> Chains.validate(foreign.certificate(), ca.certificate(), NOW));
    assertFalse(ca.hasIssued(foreign.certificate()));
  }

  @Test
  void expiredLeafFailsJdkPkixAfterItsValidity() {
    IssuedCertificate server =
        ca.issue(LeafSpec.server("kube-apiserver", List.of("localhost"), List.of()));
    Instant later = NOW.plus(LeafSpec.DEFAULT_VALIDITY).plusSeconds(1);
    assertThrows(
        CertPathValidatorException.class,
        () -> Chains.validate(server.certificate(), ca.certificate(), later));
  }

  @Test
  void serverCertificateCarriesDnsAndIpv4AndIpv6Sans() throws Exception {
    IssuedCertificate server =
        ca.issue(
            LeafSpec.server(
                "kube-apiserver",
                List.of("localhost", "kubernetes.default.svc"),
                List.of("127.0.0.1", "::1", "10.96.0.1")));
    Set<String> sans =
        server.certificate().getSubjectAlternativeNames().stream()
            .map(san -> san.get(0) + "=" + san.get(1))
            .collect(Collectors.toSet());
    assertEquals(
        Set.of(
            "2=localhost",
            "2=kubernetes.default.svc",
            "7=127.0.0.1",
            "7=0:0:0:0:0:0:0:1",
            "7=10.96.0.1"),
        sans);
  }

  @Test
  void extendedKeyUsageFollowsRequestedUsages() throws Exception {
    X509Certificate server = ca.issue(LeafSpec.server("s", List.of("a"), List.of())).certificate();
    X509Certificate client = ca.issue(LeafSpec.client("u", List.of())).certificate();
    X509Certificate both =
        ca.issue(
                new LeafSpec(
                    "b",
                    List.of(),
                    List.of(),
                    List.of(),
                    Set.of(LeafSpec.Usage.SERVER, LeafSpec.Usage.CLIENT),
                    Duration.ofDays(1)))
            .certificate();
    assertEquals(List.of(SERVER_AUTH), server.getExtendedKeyUsage());
    assertEquals(List.of(CLIENT_AUTH), client.getExtendedKeyUsage());
    assertEquals(Set.of(SERVER_AUTH, CLIENT_AUTH), Set.copyOf(both.getExtendedKeyUsage()));
  }

  @Test
  void ecLeafHasDigitalSignatureKeyUsageAndIsNotACa() {
    X509Certificate leaf = ca.issue(LeafSpec.client("u", List.of())).certificate();
    boolean[] usage = leaf.getKeyUsage();
    assertTrue(usage[0], "digitalSignature");
    assertFalse(usage[2], "keyEncipherment is RSA key transport, not for P-256 keys");
    assertFalse(usage[5], "keyCertSign");
    assertEquals(-1, leaf.getBasicConstraints());
    assertTrue(leaf.getCriticalExtensionOIDs().contains(Extension.basicConstraints.getId()));
    assertEquals("EC", leaf.getPublicKey().getAlgorithm());
  }

  @Test
  void caIsSelfSignedTenYearCaWithKeyCertSign() throws Exception {
    X509Certificate root = ca.certificate();
    root.verify(root.getPublicKey());
    assertTrue(root.getBasicConstraints() >= 0);
    assertTrue(root.getKeyUsage()[5], "keyCertSign");
    assertEquals(NOW.plus(CertificateAuthority.CA_VALIDITY), root.getNotAfter().toInstant());
    assertEquals("CN=kubernetes", root.getSubjectX500Principal().getName());
  }

  @Test
  void authorityKeyIdentifierNamesTheCaSubjectKeyIdentifier() {
    X509Certificate leaf = ca.issue(LeafSpec.client("u", List.of())).certificate();
    byte[] aki =
        AuthorityKeyIdentifier.getInstance(extension(leaf, Extension.authorityKeyIdentifier))
            .getKeyIdentifierObject()
            .getOctets();
    byte[] ski =
        SubjectKeyIdentifier.getInstance(
                extension(ca.certificate(), Extension.subjectKeyIdentifier))
            .getKeyIdentifier();
    assertArrayEquals(ski, aki);
  }

  @Test
  void notBeforeIsBackdatedFiveMinutesLikeKubeadm() {
    X509Certificate leaf = ca.issue(LeafSpec.client("u", List.of())).certificate();
    assertEquals(NOW.minus(Duration.ofMinutes(5)), leaf.getNotBefore().toInstant());
    assertEquals(NOW.plus(Duration.ofDays(365)), leaf.getNotAfter().toInstant());
  }

  @Test
  void serialsArePositiveRandomAndAtMost128Bits() {
    List<BigInteger> serials =
        IntStream.range(0, 20)
            .mapToObj(
                i -> ca.issue(LeafSpec.client("u" + i, List.of())).certificate().getSerialNumber())
            .toList();
    serials.forEach(serial -> assertTrue(serial.signum() > 0 && serial.bitLength() <= 128));
    assertEquals(serials.size(), Set.copyOf(serials).size());
  }

  @Test
  void clientSubjectCarriesUserAsCnAndGroupsAsO() {
    X509Certificate admin =
        ca.issue(LeafSpec.client("kubernetes-admin", List.of("system:masters", "devs")))
            .certificate();
    assertEquals(
        "CN=kubernetes-admin,O=devs,O=system:masters", admin.getSubjectX500Principal().getName());
  }

  @Test
  void loadAcceptsItsOwnCertificateAndKeyAndKeepsIssuing() {
    CertificateAuthority loaded =
        CertificateAuthority.load(ca.certificate(), ca.privateKey(), CLOCK);
    IssuedCertificate leaf = loaded.issue(LeafSpec.client("u", List.of()));
    assertTrue(ca.hasIssued(leaf.certificate()));
  }

  @Test
  void loadRejectsKeyOfAnotherCa() {
    CertificateAuthority other = CertificateAuthority.create("other", CLOCK);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CertificateAuthority.load(ca.certificate(), other.privateKey(), CLOCK));
    assertTrue(e.getMessage().contains("does not match"), e.getMessage());
  }

  @Test
  void loadRejectsLeafCertificateAsCa() {
    IssuedCertificate leaf = ca.issue(LeafSpec.client("u", List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> CertificateAuthority.load(leaf.certificate(), leaf.privateKey(), CLOCK));
  }

  @Test
  void rsaCaLikeKubeadmsSignsLeavesThatValidate() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    CertificateAuthority rsaCa =
        CertificateAuthority.create("kubernetes", rsa.generateKeyPair(), CLOCK, new SecureRandom());
    IssuedCertificate leaf =
        rsaCa.issue(LeafSpec.server("kube-apiserver", List.of("localhost"), List.of()));
    assertEquals("SHA256withRSA", leaf.certificate().getSigAlgName());
    assertDoesNotThrow(() -> Chains.validate(leaf.certificate(), rsaCa.certificate(), NOW));
  }

  @Test
  void leafSpecRejectsInvalidIpAndEmptyUsages() {
    assertThrows(
        IllegalArgumentException.class,
        () -> LeafSpec.server("s", List.of(), List.of("not-an-ip")));
    assertThrows(
        IllegalArgumentException.class,
        () -> new LeafSpec("s", List.of(), List.of(), List.of(), Set.of(), Duration.ofDays(1)));
  }

  @Test
  void asIssuedExposesCaAsCertificateAndKeyPair() {
    IssuedCertificate issued = ca.asIssued();
    assertEquals(ca.certificate(), issued.certificate());
    assertTrue(issued.keyMatches());
    assertNotEquals(
        ca.certificate(), CertificateAuthority.create("kubernetes", CLOCK).certificate());
  }

  private static byte[] extension(X509Certificate cert, ASN1ObjectIdentifier oid) {
    return ASN1OctetString.getInstance(cert.getExtensionValue(oid.getId())).getOctets();
  }
}
