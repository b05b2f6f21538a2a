package dev.vkube.syncer.translate;

import dev.vkube.syncer.names.Markers;
import dev.vkube.syncer.names.NameTranslator;
import dev.vkube.syncer.policy.IsolationPolicy;
import dev.vkube.syncer.policy.PolicyViolation;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIProjectionBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Virtual Pod to host Pod, after vCluster's pods/translate/translator.go, pure:
 * <ul>
 *   <li>name translated, host namespace, translated labels and owner annotations, status cleared;
 *   <li>ConfigMap, Secret, PVC and image-pull-secret references renamed to their host copies;
 *   <li>downward API reads of the pod's name, namespace, uid and service account read annotations
 *       holding the virtual values, so the workload still sees its virtual identity;
 *   <li>service-account tokens: the host pod runs as the host workload account with automount off;
 *       each projected {@code serviceAccountToken} source becomes a downward API item reading a token
 *       of the virtual account, minted by the caller and carried in a {@code vcluster.loft.sh/token-*}
 *       annotation (vCluster's default, without {@code useSecretsForSATokens});
 *   <li>{@code enableServiceLinks} off: the host's service variables would be wrong and leak host
 *       names; the virtual cluster's own ({@link ServiceEnvironment}) are set on every container instead,
 *       and {@code kubernetes} resolves to the tenant API through a host alias, as vCluster does;
 *   <li>DNS pointed at the virtual cluster's DNS ({@link PodDns});
 *   <li>priority class translated to its host copy when priority classes are synced, else cleared
 *       with the priority (vCluster: translated when its priorityclasses syncer is on, cleared otherwise);
 *   <li>hostname kept as the virtual name.
 * </ul>
 * Pods that break the {@link IsolationPolicy} are refused.
 */
public final class PodTranslator {
  private static final int HOSTNAME_MAX = 63;
  /** vCluster's maxPriority: values above it are reserved for the host's system classes. */
  static final int MAX_PRIORITY = 1_000_000_000;
  static final String SYSTEM_PRIORITY_PREFIX = "system-";
  private static final List<String> KUBERNETES_ALIASES = List.of("kubernetes", "kubernetes.default",
      "kubernetes.default.svc");
  private final IsolationPolicy policy;
  private final boolean syncPriorityClasses;

  public PodTranslator(IsolationPolicy policy) {
    this(policy, false);
  }

  /** {@code syncPriorityClasses}: the tenant's PriorityClasses have host copies pods may name. */
  public PodTranslator(IsolationPolicy policy, boolean syncPriorityClasses) {
    this.policy = policy;
    this.syncPriorityClasses = syncPriorityClasses;
  }

  /** As {@link #toHost(Pod, TranslationContext, String, PodNetwork)} knowing nothing of the network. */
  public Translation<Pod> toHost(Pod virtual, TranslationContext ctx, String token) {
    return toHost(virtual, ctx, token, PodNetwork.NONE);
  }

  /**
   * The host pod, or the refusal. {@code token} is a token of the virtual pod's service account, used
   * when {@link #needsServiceAccountToken} says so (null otherwise).
   */
  public Translation<Pod> toHost(Pod virtual, TranslationContext ctx, String token, PodNetwork network) {
    List<PolicyViolation> violations = policy.check(virtual);
    if (!violations.isEmpty()) {
      return Translation.refused(violations);
    }
    String namespace = virtual.getMetadata().getNamespace();
    PodSpec spec = Copies.deep(virtual.getSpec());
    Map<String, String> annotations = new LinkedHashMap<>();
    rewriteVolumes(spec, namespace, ctx.names(), annotations, token);
    PodReferences.containers(spec).forEach(c -> rewriteContainer(c, namespace, ctx.names()));
    PodReferences.nonNull(spec.getImagePullSecrets())
        .forEach(s -> s.setName(ctx.names().hostName(namespace, s.getName())));
    identity(spec, virtual, ctx);
    priority(spec, ctx);
    network(spec, namespace, network, virtual.getSpec().getEnableServiceLinks());
    Pod host = new PodBuilder().withMetadata(HostMetadata.of(virtual, ctx)).withSpec(spec).build();
    host.getMetadata().getAnnotations().putAll(podAnnotations(virtual));
    host.getMetadata().getAnnotations().putAll(annotations);
    return Translation.of(host);
  }

  /** Whether the pod mounts a projected service-account token (the admission-added kube-api-access). */
  public static boolean needsServiceAccountToken(Pod pod) {
    return pod.getSpec() != null && PodReferences.stream(pod.getSpec().getVolumes())
        .filter(v -> v.getProjected() != null)
        .flatMap(v -> PodReferences.stream(v.getProjected().getSources()))
        .anyMatch(s -> s.getServiceAccountToken() != null);
  }

  /** The virtual pod's new status: the host's, as is (host is the source of truth for status). */
  public Pod withHostStatus(Pod virtual, Pod host) {
    Pod out = Copies.deep(virtual);
    out.setStatus(Copies.deep(host.getStatus()));
    return out;
  }

  /**
   * The host pod as {@link #differs} and {@link #merge} read it, without {@link #toHost}'s deep copy of
   * the spec: the same metadata (token annotations empty, as {@code toHost} makes them without a
   * token), and the virtual spec itself, shared and only read (images, the one spec part compared, are
   * not translated). The pod reconciler runs this on every event and resync of every pod, where the
   * JSON round trip of the spec was the syncer's largest CPU cost (sync-bench profile, issue 6).
   */
  public Translation<Pod> toHostForUpdate(Pod virtual, TranslationContext ctx) {
    List<PolicyViolation> violations = policy.check(virtual);
    if (!violations.isEmpty()) {
      return Translation.refused(violations);
    }
    Pod host = new Pod();
    host.setMetadata(HostMetadata.of(virtual, ctx));
    host.getMetadata().getAnnotations().putAll(podAnnotations(virtual));
    for (Volume v : PodReferences.nonNull(virtual.getSpec().getVolumes())) {
      List<VolumeProjection> sources = v.getProjected() == null ? null : v.getProjected().getSources();
      for (int i = 0; i < PodReferences.nonNull(sources).size(); i++) {
        if (sources.get(i).getServiceAccountToken() != null) {
          host.getMetadata().getAnnotations().put(tokenAnnotation(v.getName(), i), "");
        }
      }
    }
    host.setSpec(virtual.getSpec());
    return Translation.of(host);
  }

  /**
   * Whether a host pod must be updated. A pod's spec is immutable but for images (and a few
   * scheduling fields), so only metadata and images are compared.
   */
  public boolean differs(Pod desired, Pod actual) {
    return !HostMetadata.nullToEmpty(desired.getMetadata().getLabels())
        .equals(HostMetadata.nullToEmpty(actual.getMetadata().getLabels()))
        || !withoutTokens(desired).equals(withoutTokens(actual))
        || !images(desired.getSpec()).equals(images(actual.getSpec()));
  }

  /** The update to send: the actual host pod with the labels, annotations and images wanted. */
  public Pod merge(Pod desired, Pod actual) {
    Pod out = Copies.deep(actual);
    Map<String, String> annotations = new LinkedHashMap<>(desired.getMetadata().getAnnotations());
    HostMetadata.nullToEmpty(actual.getMetadata().getAnnotations()).forEach((k, v) -> {
      if (k.startsWith(Markers.POD_TOKEN_PREFIX)) {
        annotations.put(k, v);
      }
    });
    out.getMetadata().setLabels(desired.getMetadata().getLabels());
    out.getMetadata().setAnnotations(annotations);
    List<Container> wanted = PodReferences.containers(desired.getSpec());
    List<Container> have = PodReferences.containers(out.getSpec());
    for (int i = 0; i < Math.min(wanted.size(), have.size()); i++) {
      have.get(i).setImage(wanted.get(i).getImage());
    }
    return out;
  }

  private static void identity(PodSpec spec, Pod virtual, TranslationContext ctx) {
    spec.setServiceAccountName(ctx.hostServiceAccount());
    spec.setServiceAccount(ctx.hostServiceAccount());
    spec.setAutomountServiceAccountToken(false);
    spec.setEnableServiceLinks(false);
    if (spec.getHostname() == null || spec.getHostname().isEmpty()) {
      String name = virtual.getMetadata().getName().replace('.', '-');
      spec.setHostname(name.length() > HOSTNAME_MAX ? name.substring(0, HOSTNAME_MAX) : name);
    }
    // Subdomain names a virtual headless Service; the host name would resolve elsewhere (vCluster
    // rewrites /etc/hosts with an init container instead, not done yet).
    spec.setSubdomain(null);
    if ((spec.getNodeName() == null || spec.getNodeName().isEmpty()) && ctx.pinnedNodeName() != null) {
      spec.setNodeName(ctx.pinnedNodeName());
    }
  }

  /**
   * System classes (values above {@link #MAX_PRIORITY}) are the host's: a tenant naming one would rank
   * its pods with the host's control plane, so they are dropped like an unsynced class.
   */
  private void priority(PodSpec spec, TranslationContext ctx) {
    String name = spec.getPriorityClassName();
    if (!syncPriorityClasses || name == null || name.isEmpty() || name.startsWith(SYSTEM_PRIORITY_PREFIX)) {
      spec.setPriorityClassName(null);
      spec.setPriority(null);
      return;
    }
    spec.setPriorityClassName(ctx.names().clusterScopedHostName(ctx.hostNamespace(), name));
    if (spec.getPriority() != null && spec.getPriority() > MAX_PRIORITY) {
      spec.setPriority(MAX_PRIORITY);
    }
  }

  /**
   * The variables come first in each container's env, so the container's own same-named variables
   * win and its {@code $(VAR)} references to them expand, as on the tenant's kubelet.
   */
  private static void network(PodSpec spec, String namespace, PodNetwork network, Boolean serviceLinks) {
    PodDns.rewrite(spec, namespace, network);
    if (network.kubernetesIp() != null) {
      List<io.fabric8.kubernetes.api.model.HostAlias> aliases = new java.util.ArrayList<>(
          PodReferences.nonNull(spec.getHostAliases()));
      aliases.add(new io.fabric8.kubernetes.api.model.HostAlias(KUBERNETES_ALIASES, network.kubernetesIp()));
      spec.setHostAliases(aliases);
    }
    Map<String, String> env = ServiceEnvironment.of(serviceLinks, network);
    if (env.isEmpty()) {
      return;
    }
    for (Container c : PodReferences.containers(spec)) {
      java.util.Set<String> own = new java.util.HashSet<>();
      PodReferences.nonNull(c.getEnv()).forEach(e -> own.add(e.getName()));
      List<EnvVar> out = new java.util.ArrayList<>();
      env.forEach((k, v) -> {
        if (!own.contains(k)) {
          out.add(new EnvVar(k, v, null));
        }
      });
      out.addAll(PodReferences.nonNull(c.getEnv()));
      c.setEnv(out);
    }
  }

  private static Map<String, String> podAnnotations(Pod virtual) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(Markers.POD_NAME, virtual.getMetadata().getName());
    out.put(Markers.POD_NAMESPACE, virtual.getMetadata().getNamespace());
    out.put(Markers.POD_UID, Objects.requireNonNullElse(virtual.getMetadata().getUid(), ""));
    out.put(Markers.POD_SERVICE_ACCOUNT, Objects.requireNonNullElse(virtual.getSpec().getServiceAccountName(), ""));
    return out;
  }

  private static void rewriteVolumes(PodSpec spec, String namespace, NameTranslator names,
      Map<String, String> annotations, String token) {
    for (Volume v : PodReferences.nonNull(spec.getVolumes())) {
      if (v.getConfigMap() != null) {
        v.getConfigMap().setName(names.hostName(namespace, v.getConfigMap().getName()));
      }
      if (v.getSecret() != null) {
        v.getSecret().setSecretName(names.hostName(namespace, v.getSecret().getSecretName()));
      }
      if (v.getPersistentVolumeClaim() != null) {
        v.getPersistentVolumeClaim().setClaimName(names.hostName(namespace, v.getPersistentVolumeClaim().getClaimName()));
      }
      if (v.getDownwardAPI() != null) {
        PodReferences.nonNull(v.getDownwardAPI().getItems()).forEach(i -> rewriteFieldRef(i.getFieldRef()));
      }
      if (v.getProjected() != null) {
        List<VolumeProjection> sources = v.getProjected().getSources();
        for (int i = 0; i < PodReferences.nonNull(sources).size(); i++) {
          sources.set(i, rewriteProjection(sources.get(i), v.getName(), i, namespace, names, annotations, token));
        }
      }
    }
  }

  private static VolumeProjection rewriteProjection(VolumeProjection source, String volume, int index,
      String namespace, NameTranslator names, Map<String, String> annotations, String token) {
    if (source.getConfigMap() != null) {
      source.getConfigMap().setName(names.hostName(namespace, source.getConfigMap().getName()));
    }
    if (source.getSecret() != null) {
      source.getSecret().setName(names.hostName(namespace, source.getSecret().getName()));
    }
    if (source.getDownwardAPI() != null) {
      PodReferences.nonNull(source.getDownwardAPI().getItems()).forEach(i -> rewriteFieldRef(i.getFieldRef()));
    }
    ServiceAccountTokenProjection sa = source.getServiceAccountToken();
    if (sa == null) {
      return source;
    }
    String key = tokenAnnotation(volume, index);
    annotations.put(key, token == null ? "" : token);
    VolumeProjection out = new VolumeProjection();
    out.setDownwardAPI(new DownwardAPIProjectionBuilder().addNewItem().withPath(sa.getPath())
        .withNewFieldRef("v1", annotationPath(key)).endItem().build());
    return out;
  }

  /** Deterministic per volume and source, so a re-translation names the same annotation. */
  static String tokenAnnotation(String volume, int index) {
    return Markers.POD_TOKEN_PREFIX + NameTranslator.safeConcatName(volume, String.valueOf(index));
  }

  private static void rewriteContainer(Container c, String namespace, NameTranslator names) {
    for (EnvVar env : PodReferences.nonNull(c.getEnv())) {
      if (env.getValueFrom() == null) {
        continue;
      }
      var from = env.getValueFrom();
      if (from.getConfigMapKeyRef() != null) {
        from.getConfigMapKeyRef().setName(names.hostName(namespace, from.getConfigMapKeyRef().getName()));
      }
      if (from.getSecretKeyRef() != null) {
        from.getSecretKeyRef().setName(names.hostName(namespace, from.getSecretKeyRef().getName()));
      }
      rewriteFieldRef(from.getFieldRef());
    }
    PodReferences.nonNull(c.getEnvFrom()).forEach(e -> {
      if (e.getConfigMapRef() != null) {
        e.getConfigMapRef().setName(names.hostName(namespace, e.getConfigMapRef().getName()));
      }
      if (e.getSecretRef() != null) {
        e.getSecretRef().setName(names.hostName(namespace, e.getSecretRef().getName()));
      }
    });
  }

  /** vCluster's translateFieldRef: the virtual identity, read from annotations of the host pod. */
  private static void rewriteFieldRef(ObjectFieldSelector ref) {
    if (ref == null) {
      return;
    }
    String annotation = switch (ref.getFieldPath()) {
      case "metadata.name" -> Markers.POD_NAME;
      case "metadata.namespace" -> Markers.POD_NAMESPACE;
      case "metadata.uid" -> Markers.POD_UID;
      case "spec.serviceAccountName" -> Markers.POD_SERVICE_ACCOUNT;
      default -> null;
    };
    if (annotation != null) {
      ref.setFieldPath(annotationPath(annotation));
    }
  }

  private static String annotationPath(String key) {
    return "metadata.annotations['" + key + "']";
  }

  /** The annotations but the token ones (compared apart from the whole metadata: no deep copy needed). */
  private static Map<String, String> withoutTokens(Pod pod) {
    Map<String, String> annotations = new LinkedHashMap<>(HostMetadata.nullToEmpty(pod.getMetadata().getAnnotations()));
    annotations.keySet().removeIf(k -> k.startsWith(Markers.POD_TOKEN_PREFIX));
    return annotations;
  }

  private static List<String> images(PodSpec spec) {
    return PodReferences.containers(spec).stream().map(Container::getImage).toList();
  }
}
