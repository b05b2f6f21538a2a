package dev.vkube.certs;

import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code name.crt}/{@code name.key} pair kubeadm keeps for each certificate. */
record CertificateFiles(Path certificate, Path key) {

  static CertificateFiles in(Path dir, String baseName) {
    return new CertificateFiles(dir.resolve(baseName + ".crt"), dir.resolve(baseName + ".key"));
  }

  boolean bothExist() {
    return Files.exists(certificate) && Files.exists(key);
  }

  IssuedCertificate read() {
    return new IssuedCertificate(
        Pem.readCertificate(AtomicFile.read(certificate)),
        Pem.readPrivateKey(AtomicFile.read(key)));
  }

  /** Key first: a crash in between then leaves a pair that fails keyMatches and gets reissued. */
  void write(IssuedCertificate issued) {
    AtomicFile.writePrivate(key, issued.privateKeyPem());
    AtomicFile.writePublic(certificate, issued.certificatePem());
  }
}
