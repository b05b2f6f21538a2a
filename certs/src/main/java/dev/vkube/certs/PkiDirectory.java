package dev.vkube.certs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Keeps the cluster PKI in a directory laid out like kubeadm's /etc/kubernetes/pki, so that a
 * restarted server keeps its CA (and with it every kubeconfig already handed out) and its
 * service-account key (and with it every token already issued). Leaf certificates are derived
 * state: they are reissued from the same CA whenever they no longer fit, which is what {@code
 * kubeadm certs renew} would otherwise have to be run for. The CA itself is never replaced, since
 * that would invalidate every kubeconfig and token already handed out.
 */
public final class PkiDirectory {

  /** kubeadm names its CA "kubernetes" and the serving certificate "kube-apiserver". */
  public static final String CA_COMMON_NAME = "kubernetes";

  public static final String SERVER_COMMON_NAME = "kube-apiserver";

  /**
   * Renew this long before expiry, so a server restarted now and then never serves an expired cert.
   */
  public static final Duration RENEW_BEFORE = Duration.ofDays(30);

  public static final String SA_PRIVATE_KEY = "sa.key";
  public static final String SA_PUBLIC_KEY = "sa.pub";

  private final Path dir;
  private final Clock clock;

  private PkiDirectory(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  /**
   * Loads the PKI from {@code dir}, creating whatever is missing and reissuing leaf certificates
   * that are expired, about to expire, signed by another CA, or no longer match {@code options}.
   */
  public static Pki loadOrCreate(Path dir, PkiOptions options, Clock clock) {
    PkiDirectory pki = new PkiDirectory(dir, clock);
    // A first start generates an RSA 2048 key, which can take a second on a cold JVM; overlapping
    // it with the CA work keeps start-up within the 2 s budget.
    CompletableFuture<ServiceAccountKeys> serviceAccountKeys =
        CompletableFuture.supplyAsync(pki::loadOrCreateServiceAccountKeys);
    CertificateAuthority ca = pki.loadOrCreateCa();
    IssuedCertificate server =
        pki.reuseOrIssue(
            "apiserver",
            ca,
            LeafSpec.server(SERVER_COMMON_NAME, options.serverDnsNames(), options.serverIps()),
            cert -> cert.covers(options.serverDnsNames(), options.serverIps()));
    LeafSpec adminSpec = LeafSpec.client(options.adminUser(), options.adminGroups());
    IssuedCertificate admin =
        pki.reuseOrIssue("admin", ca, adminSpec, cert -> hasSubject(cert, adminSpec));
    return new Pki(ca, server, admin, await(serviceAccountKeys));
  }

  private static ServiceAccountKeys await(CompletableFuture<ServiceAccountKeys> keys) {
    try {
      return keys.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /**
   * A lone ca.key is replaced: nothing can trust a CA whose certificate was never written. A lone
   * ca.crt is an error, since only an operator can supply the key that belongs to it.
   */
  private CertificateAuthority loadOrCreateCa() {
    CertificateFiles files = CertificateFiles.in(dir, "ca");
    if (Files.exists(files.certificate())) {
      if (!Files.exists(files.key())) {
        throw new IllegalStateException(
            "found "
                + files.certificate()
                + " without "
                + files.key()
                + "; supply the key or remove both");
      }
      IssuedCertificate stored = files.read();
      return CertificateAuthority.load(stored.certificate(), stored.privateKey(), clock);
    }
    CertificateAuthority ca = CertificateAuthority.create(CA_COMMON_NAME, clock);
    files.write(ca.asIssued());
    return ca;
  }

  private IssuedCertificate reuseOrIssue(
      String baseName, CertificateAuthority ca, LeafSpec spec, Predicate<IssuedCertificate> fits) {
    CertificateFiles files = CertificateFiles.in(dir, baseName);
    if (files.bothExist()) {
      IssuedCertificate stored = readLeaf(files);
      if (stored != null && stillUsable(stored, ca) && fits.test(stored)) {
        return stored;
      }
    }
    IssuedCertificate issued = ca.issue(spec);
    files.write(issued);
    return issued;
  }

  /**
   * An unreadable leaf is reissued rather than fatal: it is derived state we can always recreate.
   */
  private static IssuedCertificate readLeaf(CertificateFiles files) {
    try {
      return files.read();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private boolean stillUsable(IssuedCertificate cert, CertificateAuthority ca) {
    Instant now = clock.instant();
    return ca.hasIssued(cert.certificate())
        && cert.keyMatches()
        && cert.validAt(now)
        && cert.validAt(now.plus(RENEW_BEFORE));
  }

  /** Same user and groups as the spec asks for, compared as X.500 names rather than strings. */
  private static boolean hasSubject(IssuedCertificate cert, LeafSpec spec) {
    X500Name actual =
        X500Name.getInstance(cert.certificate().getSubjectX500Principal().getEncoded());
    return actual.equals(CertificateProfile.subject(spec.commonName(), spec.organizations()));
  }

  /** sa.pub is rewritten from sa.key when missing or different, so the two always agree. */
  private ServiceAccountKeys loadOrCreateServiceAccountKeys() {
    Path privateKey = dir.resolve(SA_PRIVATE_KEY);
    Path publicKey = dir.resolve(SA_PUBLIC_KEY);
    if (!Files.exists(privateKey)) {
      ServiceAccountKeys keys = ServiceAccountKeys.generate();
      AtomicFile.writePrivate(privateKey, keys.privateKeyPem());
      AtomicFile.writePublic(publicKey, keys.publicKeyPem());
      return keys;
    }
    ServiceAccountKeys keys =
        ServiceAccountKeys.fromPrivateKey(Pem.readPrivateKey(AtomicFile.read(privateKey)));
    if (!holdsPublicKey(publicKey, keys)) {
      AtomicFile.writePublic(publicKey, keys.publicKeyPem());
    }
    return keys;
  }

  private static boolean holdsPublicKey(Path file, ServiceAccountKeys keys) {
    try {
      return Files.exists(file)
          && Pem.readPublicKey(AtomicFile.read(file)).equals(keys.keyPair().getPublic());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
