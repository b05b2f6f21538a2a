package dev.vkube.certs;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM text in and out, in the encodings Kubernetes tooling writes: kubeadm and openssl produce
 * PKCS#1 "RSA PRIVATE KEY" and SEC1 "EC PRIVATE KEY" as well as PKCS#8, so all three are read; we
 * always write PKCS#8. Malformed input fails with an {@link IllegalArgumentException} naming what
 * was expected, since the text usually comes from a file or flag a person supplied.
 */
public final class Pem {

  private static final String CERTIFICATE = "CERTIFICATE";
  private static final String PRIVATE_KEY = "PRIVATE KEY";
  private static final String PUBLIC_KEY = "PUBLIC KEY";
  private static final int LINE_LENGTH = 64;

  private Pem() {}

  public static String encode(X509Certificate certificate) {
    try {
      return block(CERTIFICATE, certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("cannot encode certificate", e);
    }
  }

  /** PKCS#8 "PRIVATE KEY", whatever the key algorithm. */
  public static String encode(PrivateKey key) {
    requireFormat(key.getFormat(), "PKCS#8", "private key");
    return block(PRIVATE_KEY, key.getEncoded());
  }

  /** X.509 SubjectPublicKeyInfo "PUBLIC KEY", the format of kubeadm's sa.pub. */
  public static String encode(PublicKey key) {
    requireFormat(key.getFormat(), "X.509", "public key");
    return block(PUBLIC_KEY, key.getEncoded());
  }

  /** The first certificate in the text, e.g. the leaf of a chain file. */
  public static X509Certificate readCertificate(String pem) {
    return readCertificates(pem).get(0);
  }

  /** Every certificate in the text, in order; other blocks are skipped. */
  public static List<X509Certificate> readCertificates(String pem) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (Object object : parse(pem)) {
      if (object instanceof X509CertificateHolder holder) {
        certificates.add(toCertificate(holder));
      }
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("no CERTIFICATE block found in PEM input");
    }
    return certificates;
  }

  /**
   * The first private key: PKCS#8, PKCS#1 or SEC1; an "EC PARAMETERS" block before it is skipped.
   */
  public static PrivateKey readPrivateKey(String pem) {
    for (Object object : parse(pem)) {
      if (object instanceof PrivateKeyInfo info) {
        return KeyDecoder.privateKey(info);
      }
      if (object instanceof PEMKeyPair pair) {
        return KeyDecoder.privateKey(pair.getPrivateKeyInfo());
      }
      if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
        throw new IllegalArgumentException("encrypted private keys are not supported");
      }
    }
    throw new IllegalArgumentException(
        "no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block found in PEM input");
  }

  /** The first "PUBLIC KEY" (or PKCS#1 "RSA PUBLIC KEY"). */
  public static PublicKey readPublicKey(String pem) {
    for (Object object : parse(pem)) {
      if (object instanceof SubjectPublicKeyInfo info) {
        return KeyDecoder.publicKey(info);
      }
    }
    throw new IllegalArgumentException("no PUBLIC KEY block found in PEM input");
  }

  private static List<Object> parse(String pem) {
    Objects.requireNonNull(pem, "pem");
    List<Object> objects = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        objects.add(object);
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("malformed PEM input: " + e.getMessage(), e);
    }
    return objects;
  }

  private static X509Certificate toCertificate(X509CertificateHolder holder) {
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertificateException e) {
      throw new IllegalArgumentException("unreadable certificate " + holder.getSubject(), e);
    }
  }

  private static void requireFormat(String actual, String expected, String what) {
    if (!expected.equals(actual)) {
      throw new IllegalArgumentException(what + " is not " + expected + "-encodable: " + actual);
    }
  }

  private static String block(String type, byte[] der) {
    String body = Base64.getMimeEncoder(LINE_LENGTH, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
