package dev.vkube.syncer.translate;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The ConfigMaps and Secrets a pod uses (vCluster's isConfigMapUsed / isSecretUsed): only those are
 * synced to the host, by default.
 */
public final class PodReferences {
  private PodReferences() {
  }

  public static Set<String> configMaps(Pod pod) {
    Set<String> out = new NonNullSet();
    PodSpec spec = pod.getSpec();
    if (spec == null) {
      return out;
    }
    nonNull(spec.getVolumes()).forEach(v -> {
      if (v.getConfigMap() != null) {
        out.add(v.getConfigMap().getName());
      }
      if (v.getProjected() != null) {
        nonNull(v.getProjected().getSources()).stream().map(VolumeProjection::getConfigMap)
            .filter(java.util.Objects::nonNull).forEach(c -> out.add(c.getName()));
      }
    });
    containers(spec).forEach(c -> {
      nonNull(c.getEnv()).stream().map(EnvVar::getValueFrom).filter(java.util.Objects::nonNull)
          .filter(f -> f.getConfigMapKeyRef() != null).forEach(f -> out.add(f.getConfigMapKeyRef().getName()));
      nonNull(c.getEnvFrom()).stream().map(EnvFromSource::getConfigMapRef).filter(java.util.Objects::nonNull)
          .forEach(r -> out.add(r.getName()));
    });
    return out;
  }

  public static Set<String> secrets(Pod pod) {
    Set<String> out = new NonNullSet();
    PodSpec spec = pod.getSpec();
    if (spec == null) {
      return out;
    }
    nonNull(spec.getVolumes()).forEach(v -> {
      if (v.getSecret() != null) {
        out.add(v.getSecret().getSecretName());
      }
      if (v.getProjected() != null) {
        nonNull(v.getProjected().getSources()).stream().map(VolumeProjection::getSecret)
            .filter(java.util.Objects::nonNull).forEach(s -> out.add(s.getName()));
      }
    });
    containers(spec).forEach(c -> {
      nonNull(c.getEnv()).stream().map(EnvVar::getValueFrom).filter(java.util.Objects::nonNull)
          .filter(f -> f.getSecretKeyRef() != null).forEach(f -> out.add(f.getSecretKeyRef().getName()));
      nonNull(c.getEnvFrom()).stream().map(EnvFromSource::getSecretRef).filter(java.util.Objects::nonNull)
          .forEach(r -> out.add(r.getName()));
    });
    nonNull(spec.getImagePullSecrets()).stream().map(LocalObjectReference::getName).forEach(out::add);
    return out;
  }

  /** Init, regular and ephemeral containers' env (ephemeral containers are plain Containers here). */
  static List<Container> containers(PodSpec spec) {
    List<Container> out = new ArrayList<>();
    out.addAll(nonNull(spec.getInitContainers()));
    out.addAll(nonNull(spec.getContainers()));
    return out;
  }

  /** Sorted names; a reference without a name (invalid, but possible in a spec) is skipped. */
  private static final class NonNullSet extends TreeSet<String> {
    @Override
    public boolean add(String name) {
      return name != null && super.add(name);
    }
  }

  static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }

  static <T> Stream<T> stream(List<T> list) {
    return nonNull(list).stream();
  }
}
