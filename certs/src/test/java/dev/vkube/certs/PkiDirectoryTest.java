package dev.vkube.certs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiDirectoryTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final PkiOptions DEFAULTS = PkiOptions.defaults();

  @TempDir Path dir;

  @Test
  void createsKubeadmLayoutWithOwnerOnlyKeyFiles() throws Exception {
    PkiDirectory.loadOrCreate(dir, DEFAULTS, at(NOW));
    for (String name :
        List.of(
            "ca.crt",
            "ca.key",
            "apiserver.crt",
            "apiserver.key",
            "admin.crt",
            "admin.key",
            "sa.key",
            "sa.pub")) {
      assertTrue(Files.isRegularFile(dir.resolve(name)), name);
    }
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    for (String key : List.of("ca.key", "apiserver.key", "admin.key", "sa.key")) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key))),
          key);
    }
    assertEquals(
        "rw-r--r--",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.crt"))));
  }

  @Test
  void createdServerAndAdminChainToCreatedCa() {
    Pki pki = PkiDirectory.loadOrCreate(dir, DEFAULTS, at(NOW));
    assertDoesNotThrow(
        () -> Chains.validate(pki.server().certificate(), pki.ca().certificate(), NOW));
    assertDoesNotThrow(
        () -> Chains.validate(pki.admin().certificate(), pki.ca().certificate(), NOW));
    assertTrue(pki.server().covers(DEFAULTS.serverDnsNames(), DEFAULTS.serverIps()));
    assertEquals(
        "CN=kubernetes-admin,O=system:masters",
        pki.admin().certificate().getSubjectX500Principal().getName());
  }

  @Test
  void secondLoadReusesCaServerAdminAndServiceAccountKeys() throws Exception {
    Pki first = PkiDirectory.loadOrCreate(dir, DEFAULTS, at(NOW));
    byte[] caBytes = Files.readAllBytes(dir.resolve("ca.crt"));
    byte[] serverBytes = Files.readAllBytes(dir.resolve("apiserver.crt"));
    Pki second = PkiDirectory.loadOrCreate(dir, DEFAULTS, at(NOW.plus(Duration.ofDays(1))));
    assertArrayEquals(caBytes, Files.readAllBytes(dir.resolve("ca.crt")));
    assertArrayEquals(serverBytes, Files.readAllBytes(dir.resolve("apiserver.crt")));
    assertEquals(first.ca().certificate(), second.ca().certificate());
    assertEquals(first.server().certificate(), second.server().certificate());
    assertEquals(first.admin().certificate(), second.admin().certificate());
    assertEquals(
        first.serviceAccountKeys().keyPair().getPublic(),
        second.serviceAccountKeys().keyPair().getPublic());
  }

  @Test
  void newSanReissuesServingCertificateSignedBySameCa() {
    Pki first = PkiDirectory.loadOrCreate(dir, DEFAULTS, at(NOW));
    PkiOptions wider = DEFAULTS.withExtraSans(List.of("vkube.example.com"), List.of("10.0.0.7"));
    Pki second = PkiDirectory.loadOrCreate(dir, wider, at(NOW));
    assertEquals(first.ca().certificate(), second.ca().certificate());
    assertNotEquals(first.server().certificate(), second.server().certificate());
    assertTrue(
        second
            .server()
            .covers(List.of("vkube.example.com", "localhost"), List.of("10.0.0.7", "::1")));
    assertTrue(first.ca().hasIssued(second.server().certificate()));
    assertEquals(first.admin().certificate(), second.admin().certificate());
    assertEquals(second.server().certificate(), Pem.readCertificate(read("apiserver.crt")));
  }

  @Test
  void clockPastExpiryReissuesServerAndAdminFromSameCa() {
    Pki first = PkiDirectory.loadOrCreate(dir, DEFAULTS, at(NOW));
    Instant later = NOW.plus(LeafSpec.DEFAULT_VALIDITY).plus(Duration.ofDays(1));
    Pki second = PkiDirectory.loadOrCreate(dir, DEFAULTS, at(later));
    assertEquals(first.ca().certificate(), second.ca().certificate());
    assertNotEquals(first.server().certificate(), second.server().certificate());
    assertNotEquals(first.admin().certificate(), second.admin().certificate());
    assertTrue(second.server().validAt(later) && second.admin().validAt(later));
    assertDoesNotThrow(
        () -> Chains.validate(second.server().certificate(), first.ca().certificate(), later));
  }

  @Test
  void certificateWithinThirtyDaysOfExpiryIsRenewed() {
    Pki first = PkiDirectory.loadOrCreate(dir, DEFAULTS, at(NOW));
    Instant nearExpiry = NOW.plus(LeafSpec.DEFAULT_VALIDITY).minus(Duration.ofDays(29));
    Pki second = PkiDirectory.loadOrCreate(dir, DEFAULTS, at(nearExpiry));
    assertNotEquals(first.server().certificate(), second.server().certificate());
  }

  @Test
  void certificateWithMoreThanThirtyDaysLeftIsKept() {
    Pki first = PkiDirectory.loadOrCreate(dir, DEFAULTS, at(NOW));
    Instant stillFine = NOW.plus(LeafSpec.DEFAULT_VALIDITY).minus(Duration.ofDays(31));
    Pki second = PkiDirectory.loadOrCreate(dir, DEFAULTS, at(stillFine));
    assertEquals(first.server().certificate(), second.server().certificate());
  }

  @Test
  void changedAdminGroupsReissueAdminCertificate() {
    PkiDirectory.loadOrCreate(dir, DEFAULTS, at(NOW));
    PkiOptions other =
        new PkiOptions(DEFAULTS.serverDnsNames(), DEFAULTS.serverIps(), "alice", List.of("devs"));
    Pki second = PkiDirectory.loadOrCreate(dir, other, at(NOW));
    assertEquals(
        "CN=alice,O=devs", second.admin().certificate().getSubjectX500Principal().getName());
  }

  @Test
  void leafSignedByAnotherCaIsReissuedFromOurs() {
    Pki first = PkiDirectory.loadOrCreate(dir, DEFAULTS, at(NOW));
    IssuedCertificate foreign =
        CertificateAuthority.create("kubernetes", at(NOW))
            .issue(
                LeafSpec.server("kube-apiserver", DEFAULTS.serverDnsNames(), DEFAULTS.serverIps()));
    write("apiserver.crt", foreign.certificatePem());
    write("apiserver.key", foreign.privateKeyPem());
    Pki second = PkiDirectory.loadOrCreate(dir, DEFAULTS, at(NOW));
    assertTrue(first.ca().hasIssued(second.server().certificate()));
  }

  @Test
  void corruptLeafIsReissued() {
    PkiDirectory.loadOrCreate(dir, DEFAULTS, at(NOW));
    write("admin.crt", "garbage");
    Pki second = PkiDirectory.loadOrCreate(dir, DEFAULTS, at(NOW));
    assertEquals(second.admin().certificate(), Pem.readCertificate(read("admin.crt")));
  }

  @Test
  void caCertificateWithoutKeyFailsClearly() throws Exception {
    PkiDirectory.loadOrCreate(dir, DEFAULTS, at(NOW));
    Files.delete(dir.resolve("ca.key"));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> PkiDirectory.loadOrCreate(dir, DEFAULTS, at(NOW)));
    assertTrue(e.getMessage().contains("ca.key"), e.getMessage());
  }

  @Test
  void kubeadmPkcs1ServiceAccountKeyIsReusedAndSaPubWritten() throws Exception {
    ServiceAccountKeys existing = ServiceAccountKeys.generate();
    StringWriter pkcs1 = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pkcs1)) {
      writer.writeObject(existing.keyPair().getPrivate());
    }
    Files.createDirectories(dir);
    write("sa.key", pkcs1.toString());
    Pki pki = PkiDirectory.loadOrCreate(dir, DEFAULTS, at(NOW));
    assertEquals(existing.keyPair().getPublic(), pki.serviceAccountKeys().keyPair().getPublic());
    assertEquals(existing.keyPair().getPublic(), Pem.readPublicKey(read("sa.pub")));
    assertFalse(
        read("sa.key").contains("BEGIN PRIVATE KEY"), "an operator's sa.key is left as it was");
  }

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  private String read(String name) {
    return AtomicFile.read(dir.resolve(name));
  }

  private void write(String name, String content) {
    AtomicFile.writePrivate(dir.resolve(name), content);
  }
}
