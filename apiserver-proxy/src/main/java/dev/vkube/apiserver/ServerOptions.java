package dev.vkube.apiserver;

import dev.vkube.apiserver.auth.authn.AuthenticationOptions;
import dev.vkube.apiserver.proxy.KubeletClientOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command-line options, named after kube-apiserver's flags where one exists. */
public record ServerOptions(
    List<String> etcdServers,
    String etcdPrefix,
    Path dataDir,
    Path certDir,
    String bindAddress,
    int securePort,
    String serviceClusterIpRange,
    List<String> tlsSans,
    AuthenticationOptions authentication,
    boolean runControllers,
    KubeletClientOptions kubelet,
    HostSyncOptions hostSync) {

  static final String DEFAULT_ETCD_PREFIX = "/registry";
  static final int DEFAULT_SECURE_PORT = 6443;
  static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
  static final String DEFAULT_SERVICE_RANGE = "10.96.0.0/12";

  /** Without authentication flags: their defaults. */
  public ServerOptions(List<String> etcdServers, String etcdPrefix, Path dataDir, Path certDir, String bindAddress,
      int securePort, String serviceClusterIpRange, List<String> tlsSans) {
    this(etcdServers, etcdPrefix, dataDir, certDir, bindAddress, securePort, serviceClusterIpRange, tlsSans,
        AuthenticationOptions.defaults(), true, KubeletClientOptions.defaults(), null);
  }

  /** With authentication options and the controller switch; kubelets trusted by the defaults; no syncer. */
  public ServerOptions(List<String> etcdServers, String etcdPrefix, Path dataDir, Path certDir, String bindAddress,
      int securePort, String serviceClusterIpRange, List<String> tlsSans, AuthenticationOptions authentication,
      boolean runControllers) {
    this(etcdServers, etcdPrefix, dataDir, certDir, bindAddress, securePort, serviceClusterIpRange, tlsSans,
        authentication, runControllers, KubeletClientOptions.defaults(), null);
  }

  /** The same server with the embedded syncer towards a host cluster. */
  public ServerOptions withHostSync(HostSyncOptions sync) {
    return new ServerOptions(etcdServers, etcdPrefix, dataDir, certDir, bindAddress, securePort,
        serviceClusterIpRange, tlsSans, authentication, runControllers, kubelet, sync);
  }

  /** The same server without the leader-elected controller manager (tests that drive controllers). */
  public ServerOptions withoutControllers() {
    return new ServerOptions(etcdServers, etcdPrefix, dataDir, certDir, bindAddress, securePort,
        serviceClusterIpRange, tlsSans, authentication, false, kubelet, hostSync);
  }

  boolean devMode() {
    return etcdServers.isEmpty();
  }

  static ServerOptions parse(String[] args) {
    List<String> etcd = new ArrayList<>();
    String prefix = DEFAULT_ETCD_PREFIX;
    Path dataDir = Path.of("vkube-data");
    Path certDir = null;
    String bind = DEFAULT_BIND_ADDRESS;
    int port = DEFAULT_SECURE_PORT;
    String range = DEFAULT_SERVICE_RANGE;
    List<String> sans = new ArrayList<>();
    AuthenticationOptions authn = AuthenticationOptions.defaults();
    boolean controllers = true;
    KubeletClientOptions kubelet = KubeletClientOptions.defaults();
    Path hostKubeconfig = null;
    String hostNamespace = null;
    String vclusterName = null;
    boolean syncHostNodes = false;
    boolean syncPriorityClasses = false;
    for (String arg : args) {
      String[] kv = arg.startsWith("--") && arg.contains("=") ? arg.substring(2).split("=", 2) : null;
      if (kv == null) {
        throw new IllegalArgumentException("unknown argument " + arg + " (flags are --name=value)");
      }
      switch (kv[0]) {
        case "etcd-servers" -> etcd.addAll(List.of(kv[1].split(",")));
        case "etcd-prefix" -> prefix = kv[1].endsWith("/") ? kv[1].substring(0, kv[1].length() - 1) : kv[1];
        case "data-dir" -> dataDir = Path.of(kv[1]);
        case "cert-dir" -> certDir = Path.of(kv[1]);
        case "bind-address" -> bind = kv[1];
        case "secure-port" -> port = Integer.parseInt(kv[1]);
        case "service-cluster-ip-range" -> range = kv[1];
        case "tls-san" -> sans.addAll(List.of(kv[1].split(",")));
        case "run-controllers" -> controllers = Boolean.parseBoolean(kv[1]);
        case "service-account-issuer" -> authn = authn.withIssuer(kv[1]);
        case "token-auth-file" -> authn = authn.withTokenAuthFile(Path.of(kv[1]));
        case "service-account-max-token-expiration" ->
            authn = authn.withMaxTokenExpirationSeconds(AuthenticationOptions.parseSeconds(kv[1]));
        case "kubelet-certificate-authority" -> kubelet = kubelet.withCertificateAuthority(Path.of(kv[1]));
        case "kubelet-insecure-skip-tls-verify" -> kubelet = kubelet.withInsecureSkipTlsVerify(Boolean.parseBoolean(kv[1]));
        case "host-kubeconfig" -> hostKubeconfig = Path.of(kv[1]);
        case "host-namespace" -> hostNamespace = kv[1];
        case "vcluster-name" -> vclusterName = kv[1];
        case "sync-host-nodes" -> syncHostNodes = Boolean.parseBoolean(kv[1]);
        case "sync-priority-classes" -> syncPriorityClasses = Boolean.parseBoolean(kv[1]);
        default -> throw new IllegalArgumentException("unknown flag --" + kv[0]);
      }
    }
    return new ServerOptions(List.copyOf(etcd), prefix, dataDir, certDir == null ? dataDir.resolve("pki") : certDir,
        bind, port, range, List.copyOf(sans), authn, controllers, kubelet,
        withPriorityClasses(HostSyncOptions.of(hostKubeconfig, hostNamespace, vclusterName, syncHostNodes,
            System.getenv("KUBERNETES_SERVICE_HOST") != null), syncPriorityClasses));
  }

  private static HostSyncOptions withPriorityClasses(HostSyncOptions sync, boolean syncPriorityClasses) {
    if (sync == null && syncPriorityClasses) {
      throw new IllegalArgumentException("--sync-priority-classes needs --host-namespace");
    }
    return sync == null ? null : sync.withSyncPriorityClasses(syncPriorityClasses);
  }
}
