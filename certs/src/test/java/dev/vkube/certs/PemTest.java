package dev.vkube.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;

class PemTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void certificateRoundTrips() {
    X509Certificate cert = CertificateAuthority.create("kubernetes", CLOCK).certificate();
    String pem = Pem.encode(cert);
    assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----\n"));
    assertTrue(pem.endsWith("-----END CERTIFICATE-----\n"));
    assertTrue(pem.lines().allMatch(line -> line.length() <= 64));
    assertEquals(cert, Pem.readCertificate(pem));
  }

  @Test
  void readCertificatesReturnsWholeChainInOrder() {
    CertificateAuthority ca = CertificateAuthority.create("kubernetes", CLOCK);
    X509Certificate leaf = ca.issue(LeafSpec.client("u", List.of())).certificate();
    String bundle = Pem.encode(leaf) + Pem.encode(ca.certificate());
    assertEquals(List.of(leaf, ca.certificate()), Pem.readCertificates(bundle));
    assertEquals(leaf, Pem.readCertificate(bundle));
  }

  @Test
  void ecPrivateKeyRoundTripsAsPkcs8() throws Exception {
    KeyPair ec = SigningKeys.newEcP256(new SecureRandom());
    String pem = Pem.encode(ec.getPrivate());
    assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"));
    assertEquals(ec.getPrivate(), Pem.readPrivateKey(pem));
  }

  @Test
  void rsaPrivateKeyRoundTripsAsPkcs8() throws Exception {
    KeyPair rsa = rsa();
    assertEquals(rsa.getPrivate(), Pem.readPrivateKey(Pem.encode(rsa.getPrivate())));
  }

  @Test
  void readsPkcs1RsaPrivateKey() throws Exception {
    KeyPair rsa = rsa();
    String pkcs1 = traditional(rsa.getPrivate());
    assertTrue(pkcs1.startsWith("-----BEGIN RSA PRIVATE KEY-----"), pkcs1);
    assertSameKey(rsa.getPrivate(), Pem.readPrivateKey(pkcs1));
  }

  @Test
  void readsSec1EcPrivateKey() throws Exception {
    KeyPair ec = SigningKeys.newEcP256(new SecureRandom());
    String sec1 = sec1(ec);
    assertTrue(sec1.startsWith("-----BEGIN EC PRIVATE KEY-----"), sec1);
    assertSameKey(ec.getPrivate(), Pem.readPrivateKey(sec1));
    assertPair(ec.getPublic(), Pem.readPrivateKey(sec1));
  }

  @Test
  void readsOpensslGenrsaTraditionalKeyMatchingItsPublicKey() throws Exception {
    PrivateKey key = Pem.readPrivateKey(fixture("rsa-pkcs1.key"));
    assertPair(Pem.readPublicKey(fixture("rsa-pkcs1.pub")), key);
  }

  @Test
  void readsOpensslEcparamKeyWithLeadingEcParametersBlock() throws Exception {
    String pem = fixture("ec-sec1.key");
    assertTrue(pem.startsWith("-----BEGIN EC PARAMETERS-----"));
    assertPair(Pem.readPublicKey(fixture("ec-sec1.pub")), Pem.readPrivateKey(pem));
  }

  @Test
  void readsPkcs1RsaPublicKey() throws Exception {
    assertEquals(
        Pem.readPublicKey(fixture("rsa-pkcs1.pub")),
        Pem.readPublicKey(fixture("rsa-pkcs1-public.pub")));
  }

  @Test
  void publicKeysRoundTripForRsaAndEc() throws Exception {
    for (PublicKey key :
        List.of(rsa().getPublic(), SigningKeys.newEcP256(new SecureRandom()).getPublic())) {
      String pem = Pem.encode(key);
      assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----\n"));
      assertEquals(key, Pem.readPublicKey(pem));
    }
  }

  @Test
  void garbageIsRejectedWithClearMessage() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Pem.readCertificate("hello"));
    assertTrue(e.getMessage().contains("no CERTIFICATE block"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Pem.readPrivateKey(""));
    assertThrows(
        IllegalArgumentException.class,
        () -> Pem.readPublicKey("-----BEGIN PUBLIC KEY-----\n!!!\n"));
  }

  @Test
  void corruptBase64IsRejected() {
    String pem = "-----BEGIN CERTIFICATE-----\nnot*base64\n-----END CERTIFICATE-----\n";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Pem.readCertificate(pem));
    assertTrue(e.getMessage().contains("PEM"), e.getMessage());
  }

  @Test
  void wrongBlockTypeIsRejected() {
    String certificate = Pem.encode(CertificateAuthority.create("kubernetes", CLOCK).certificate());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Pem.readPrivateKey(certificate));
    assertTrue(e.getMessage().contains("no PRIVATE KEY"), e.getMessage());
  }

  @Test
  void encryptedPrivateKeyIsRejected() {
    String encrypted =
        "-----BEGIN RSA PRIVATE KEY-----\n"
            + "Proc-Type: 4,ENCRYPTED\n"
            + "DEK-Info: AES-128-CBC,00000000000000000000000000000000\n\n"
            + "AAAA\n"
            + "-----END RSA PRIVATE KEY-----\n";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Pem.readPrivateKey(encrypted));
    assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  /** Bouncy Castle writes an RSA private key in OpenSSL's traditional PKCS#1 form. */
  private static String traditional(PrivateKey key) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(key);
    }
    return out.toString();
  }

  /**
   * SEC1 with the named curve and public point, as openssl and Go's x509.MarshalECPrivateKey write
   * it.
   */
  private static String sec1(KeyPair ec) throws IOException {
    ECPrivateKey key = (ECPrivateKey) ec.getPrivate();
    byte[] point =
        SubjectPublicKeyInfo.getInstance(ec.getPublic().getEncoded()).getPublicKeyData().getBytes();
    org.bouncycastle.asn1.sec.ECPrivateKey structure =
        new org.bouncycastle.asn1.sec.ECPrivateKey(
            256,
            key.getS(),
            new DERBitString(point),
            new X962Parameters(SECObjectIdentifiers.secp256r1));
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new PemObject("EC PRIVATE KEY", structure.getEncoded()));
    }
    return out.toString();
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = PemTest.class.getResourceAsStream("/fixtures/pem/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  /** Compares key material, since the DER of a SEC1-derived key carries optional fields. */
  private static void assertSameKey(PrivateKey expected, PrivateKey actual) {
    assertEquals(expected.getAlgorithm(), actual.getAlgorithm());
    if (expected instanceof ECPrivateKey ec) {
      assertEquals(ec.getS(), ((ECPrivateKey) actual).getS());
      assertEquals(ec.getParams().getCurve(), ((ECPrivateKey) actual).getParams().getCurve());
    } else {
      RSAPrivateKey rsa = (RSAPrivateKey) expected;
      assertEquals(rsa.getModulus(), ((RSAPrivateKey) actual).getModulus());
      assertEquals(rsa.getPrivateExponent(), ((RSAPrivateKey) actual).getPrivateExponent());
    }
  }

  private static void assertPair(PublicKey publicKey, PrivateKey privateKey) throws Exception {
    Signature signer = Signature.getInstance(SigningKeys.signatureAlgorithm(privateKey));
    signer.initSign(privateKey);
    signer.update(new byte[] {1, 2, 3});
    Signature verifier = Signature.getInstance(SigningKeys.signatureAlgorithm(publicKey));
    verifier.initVerify(publicKey);
    verifier.update(new byte[] {1, 2, 3});
    assertTrue(verifier.verify(signer.sign()));
  }
}
