package dev.vkube.e2e.sim;

import dev.vkube.certs.CertificateAuthority;
import dev.vkube.certs.Pem;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What makes an API server a host with nodes: the nodes, their kubelets (with the kubelet API that
 * serves their pods' logs and exec) and a scheduler.
 */
public final class SimHostNodes implements AutoCloseable {
  private final KubeletApi api;
  private final SimNodes nodes;
  private final SimulatedKubelet kubelet;
  private final SimScheduler scheduler;

  private SimHostNodes(KubeletApi api, SimNodes nodes, SimulatedKubelet kubelet, SimScheduler scheduler) {
    this.api = api;
    this.nodes = nodes;
    this.kubelet = kubelet;
    this.scheduler = scheduler;
  }

  /**
   * @param ca the host cluster's CA: it signs the kubelet API's serving certificate, which the host
   *     API server trusts by default, and the host API server's kubelet client certificate, which the
   *     kubelet API accepts
   * @param scratch where the pods' scratch directories (exec's working directories) go
   */
  public static SimHostNodes start(KubernetesClient host, CertificateAuthority ca, Path scratch, String prefix,
      int count) {
    KubeletApi api = KubeletApi.start(ca, scratch);
    try {
      SimNodes nodes = SimNodes.register(host, prefix, count, api.port());
      return new SimHostNodes(api, nodes, new SimulatedKubelet(host, nodes, api),
          new SimScheduler(host, nodes.names()));
    } catch (RuntimeException e) {
      api.close();
      throw e;
    }
  }

  /** The CA of an API server's PKI directory ({@code ca.crt}, {@code ca.key}: its --data-dir's pki). */
  public static CertificateAuthority clusterCa(Path pki) {
    try {
      return CertificateAuthority.load(Pem.readCertificate(Files.readString(pki.resolve("ca.crt"))),
          Pem.readPrivateKey(Files.readString(pki.resolve("ca.key"))), Clock.systemUTC());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the host cluster's CA in " + pki, e);
    }
  }

  public SimNodes nodes() {
    return nodes;
  }

  public KubeletApi kubeletApi() {
    return api;
  }

  @Override
  public void close() {
    scheduler.close();
    kubelet.close();
    nodes.close();
    api.close();
  }
}
