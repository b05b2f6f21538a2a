package dev.vkube.syncer.names;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Virtual (namespace, name) to host name, exactly as vCluster's single-namespace mode does
 * (pkg/util/translate/single_namespace.go): {@code NAME-x-NAMESPACE-x-VCLUSTER}, made safe by
 * {@link #safeConcatName}. Keeping vCluster's algorithm keeps host objects and trust policies that
 * name them (IRSA, Workload Identity) compatible.
 */
public final class NameTranslator {
  /** Kubernetes' DNS label limit, which vCluster applies to every translated name. */
  public static final int MAX_LENGTH = 63;
  private static final int KEEP = 52;
  private static final int HASH_CHARS = 10;
  /** Virtual label keys that would clash with our markers (pkg/util/translate/labels.go). */
  private static final Set<String> RESERVED_LABELS = Set.of("release", Markers.NAMESPACE_LABEL,
      Markers.MANAGED_BY_LABEL, Markers.CONTROLLED_BY_LABEL);

  private final String vclusterName;

  public NameTranslator(String vclusterName) {
    if (vclusterName == null || vclusterName.isEmpty()) {
      throw new IllegalArgumentException("virtual cluster name is empty");
    }
    this.vclusterName = vclusterName;
  }

  public String vclusterName() {
    return vclusterName;
  }

  /** The host name of the namespaced virtual object {@code namespace/name}. */
  public String hostName(String namespace, String name) {
    return safeConcatName(name, "x", namespace, "x", vclusterName);
  }

  /**
   * The host name of the cluster-scoped virtual object {@code name} (a PriorityClass), unique per host
   * namespace and virtual cluster: vCluster's HostNameCluster, {@code vcluster-NAME-x-HOSTNS-x-VCLUSTER}.
   */
  public String clusterScopedHostName(String hostNamespace, String name) {
    return safeConcatName("vcluster", name, "x", hostNamespace, "x", vclusterName);
  }

  /**
   * vCluster's SafeConcatName: the parts joined with "-"; past 63 characters, the first 52, "-" and
   * 10 hex digits of the SHA-256 of the whole, with ".-" (invalid in a DNS name) replaced by "-".
   */
  public static String safeConcatName(String... parts) {
    String full = String.join("-", parts);
    if (full.length() <= MAX_LENGTH) {
      return full;
    }
    return (full.substring(0, KEEP) + "-" + sha256Hex(full).substring(0, HASH_CHARS)).replace(".-", "-");
  }

  /** Host labels for virtual ones: reserved keys renamed, then the owner markers added. */
  public Map<String, String> hostLabels(String namespace, Map<String, String> virtualLabels) {
    Map<String, String> out = new LinkedHashMap<>();
    if (virtualLabels != null) {
      virtualLabels.forEach((k, v) -> out.put(hostLabelKey(k), v));
    }
    out.put(Markers.MANAGED_BY_LABEL, vclusterName);
    out.put(Markers.NAMESPACE_LABEL, namespace);
    return out;
  }

  /** A virtual label key as it appears on host objects (and so in translated selectors). */
  public String hostLabelKey(String key) {
    if (!RESERVED_LABELS.contains(key)) {
      return key;
    }
    return safeConcatName(Markers.LABEL_PREFIX, vclusterName, "x", sha256Hex(key).substring(0, HASH_CHARS));
  }

  /** Ownership annotations on every host copy: who the virtual original is. */
  public Map<String, String> ownerAnnotations(String kind, String namespace, String name, String uid) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(Markers.OBJECT_NAME, name);
    out.put(Markers.OBJECT_NAMESPACE, namespace);
    out.put(Markers.OBJECT_KIND, kind);
    if (uid != null && !uid.isEmpty()) {
      out.put(Markers.OBJECT_UID, uid);
    }
    return out;
  }

  /**
   * Whether a host object is ours (vCluster's IsManaged): our marker label, and annotations naming a
   * virtual object whose translation is this host name.
   */
  public boolean isManaged(Map<String, String> labels, Map<String, String> annotations, String hostName) {
    if (labels == null || annotations == null || !vclusterName.equals(labels.get(Markers.MANAGED_BY_LABEL))) {
      return false;
    }
    String name = annotations.get(Markers.OBJECT_NAME);
    String namespace = annotations.get(Markers.OBJECT_NAMESPACE);
    return name != null && namespace != null && hostName(namespace, name).equals(hostName);
  }

  static String sha256Hex(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
