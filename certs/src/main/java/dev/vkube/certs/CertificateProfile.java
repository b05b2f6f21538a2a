package dev.vkube.certs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;

/**
 * The names and extensions of the certificates this PKI issues, following kubeadm's pkiutil
 * (NewSelfSignedCACert, NewSignedCert) and Go's crypto/x509 defaults, so that kubectl, Go clients
 * and the JDK's PKIX validator all accept them.
 */
final class CertificateProfile {

  private CertificateProfile() {}

  /** Organizations before the common name, the RDN order Go's pkix.Name produces. */
  static X500Name subject(String commonName, List<String> organizations) {
    X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
    organizations.forEach(org -> builder.addRDN(BCStyle.O, org));
    builder.addRDN(BCStyle.CN, commonName);
    return builder.build();
  }

  /** The issuer name exactly as the CA encodes it, so chain building matches byte for byte. */
  static X500Name subjectOf(X509Certificate certificate) {
    return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
  }

  static List<Extension> ca(PublicKey key) {
    return List.of(
        extension(Extension.basicConstraints, true, new BasicConstraints(true)),
        extension(
            Extension.keyUsage,
            true,
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign | KeyUsage.cRLSign)),
        extension(Extension.subjectKeyIdentifier, false, keyIdentifier(key)));
  }

  static List<Extension> leaf(LeafSpec spec, PublicKey key, X509Certificate issuer) {
    List<Extension> extensions = new ArrayList<>();
    extensions.add(extension(Extension.basicConstraints, true, new BasicConstraints(false)));
    extensions.add(extension(Extension.keyUsage, true, new KeyUsage(keyUsage(key))));
    extensions.add(extension(Extension.extendedKeyUsage, false, extendedKeyUsage(spec)));
    extensions.add(
        extension(
            Extension.authorityKeyIdentifier,
            false,
            new AuthorityKeyIdentifier(authorityKeyId(issuer))));
    if (!spec.dnsNames().isEmpty() || !spec.ipAddresses().isEmpty()) {
      extensions.add(extension(Extension.subjectAlternativeName, false, alternativeNames(spec)));
    }
    return extensions;
  }

  /**
   * keyEncipherment only for RSA subject keys: it is RSA key transport, meaningless for ECDSA (Go's
   * crypto/tls generate_cert.go, kubeadm pkiutil since ECDSA support).
   */
  private static int keyUsage(PublicKey key) {
    int usage = KeyUsage.digitalSignature;
    return "RSA".equals(key.getAlgorithm()) ? usage | KeyUsage.keyEncipherment : usage;
  }

  private static ExtendedKeyUsage extendedKeyUsage(LeafSpec spec) {
    List<KeyPurposeId> purposes = new ArrayList<>();
    if (spec.usages().contains(LeafSpec.Usage.SERVER)) {
      purposes.add(KeyPurposeId.id_kp_serverAuth);
    }
    if (spec.usages().contains(LeafSpec.Usage.CLIENT)) {
      purposes.add(KeyPurposeId.id_kp_clientAuth);
    }
    return new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new));
  }

  private static GeneralNames alternativeNames(LeafSpec spec) {
    List<GeneralName> names = new ArrayList<>();
    spec.dnsNames().forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
    spec.ipAddresses()
        .forEach(
            ip ->
                names.add(
                    new GeneralName(
                        GeneralName.iPAddress,
                        new DEROctetString(IpLiteral.parse(ip).getAddress()))));
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  /** The issuer's own SKI when it has one (a kubeadm CA does), else the RFC 5280 method 1 hash. */
  private static byte[] authorityKeyId(X509Certificate issuer) {
    byte[] extensionValue = issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (extensionValue == null) {
      return keyIdentifier(issuer.getPublicKey()).getKeyIdentifier();
    }
    byte[] inner = ASN1OctetString.getInstance(extensionValue).getOctets();
    return SubjectKeyIdentifier.getInstance(inner).getKeyIdentifier();
  }

  private static SubjectKeyIdentifier keyIdentifier(PublicKey key) {
    return new BcX509ExtensionUtils()
        .createSubjectKeyIdentifier(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
  }

  private static Extension extension(
      ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
    try {
      return new Extension(oid, critical, value.toASN1Primitive().getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
