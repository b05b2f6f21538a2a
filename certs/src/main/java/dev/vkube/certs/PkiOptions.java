package dev.vkube.certs;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the cluster's certificates must say: the names clients reach the API server by, and who the
 * admin kubeconfig authenticates as. Defaults follow kubeadm's apiserver.crt and admin.conf.
 */
public record PkiOptions(
    List<String> serverDnsNames,
    List<String> serverIps,
    String adminUser,
    List<String> adminGroups) {

  /** The in-cluster names of the kubernetes Service plus localhost (kubeadm certs/certlist.go). */
  public static final List<String> DEFAULT_SERVER_DNS_NAMES =
      List.of(
          "localhost",
          "kubernetes",
          "kubernetes.default",
          "kubernetes.default.svc",
          "kubernetes.default.svc.cluster.local");

  public static final List<String> DEFAULT_SERVER_IPS = List.of("127.0.0.1", "::1");

  /** kubeadm's admin.conf user, bound to cluster-admin through the system:masters group. */
  public static final String DEFAULT_ADMIN_USER = "kubernetes-admin";

  public static final List<String> DEFAULT_ADMIN_GROUPS = List.of("system:masters");

  public PkiOptions {
    serverDnsNames = List.copyOf(serverDnsNames);
    serverIps = List.copyOf(serverIps);
    serverIps.forEach(IpLiteral::parse);
    Objects.requireNonNull(adminUser, "adminUser");
    adminGroups = List.copyOf(adminGroups);
  }

  public static PkiOptions defaults() {
    return new PkiOptions(
        DEFAULT_SERVER_DNS_NAMES, DEFAULT_SERVER_IPS, DEFAULT_ADMIN_USER, DEFAULT_ADMIN_GROUPS);
  }

  /** These options with more serving names (e.g. --tls-san), duplicates dropped, order kept. */
  public PkiOptions withExtraSans(List<String> dns, List<String> ips) {
    return new PkiOptions(
        union(serverDnsNames, dns), union(serverIps, ips), adminUser, adminGroups);
  }

  private static List<String> union(List<String> first, List<String> second) {
    Set<String> all = new LinkedHashSet<>(first);
    all.addAll(second);
    return List.copyOf(all);
  }
}
