package dev.vkube.apiserver.proxy;

import java.nio.file.Path;

/**
 * How the API server trusts kubelets' serving certificates. Upstream kube-apiserver skips the check
 * unless --kubelet-certificate-authority is given; vkube checks by default, against the cluster CA
 * (which signs the simulated kubelet's and joined nodes' serving certificates), or against the CA
 * the flag names. --kubelet-insecure-skip-tls-verify=true turns the check off, for host nodes whose
 * kubelets serve self-signed certificates.
 */
public record KubeletClientOptions(Path certificateAuthority, boolean insecureSkipTlsVerify) {

  public static KubeletClientOptions defaults() {
    return new KubeletClientOptions(null, false);
  }

  public KubeletClientOptions withCertificateAuthority(Path file) {
    return new KubeletClientOptions(file, insecureSkipTlsVerify);
  }

  public KubeletClientOptions withInsecureSkipTlsVerify(boolean skip) {
    return new KubeletClientOptions(certificateAuthority, skip);
  }
}
