package dev.vkube.syncer.translate;

import dev.vkube.syncer.names.Markers;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A tenant PriorityClass to its host copy, after vCluster's priorityclasses/translate.go: the
 * cluster-scoped name translated ({@code vcluster-NAME-x-HOSTNS-x-VCLUSTER}), the value capped at one
 * billion (above are the host's system classes) and never the host's global default; description and
 * preemption policy copied. Its labels carry the owner marker and the host namespace, so several
 * virtual clusters on one host tell their copies apart.
 */
public final class PriorityClassTranslator {
  public PriorityClass toHost(PriorityClass virtual, TranslationContext ctx) {
    ObjectMeta v = virtual.getMetadata();
    Map<String, String> annotations = new LinkedHashMap<>(HostMetadata.nullToEmpty(v.getAnnotations()));
    annotations.putAll(ctx.names().ownerAnnotations("PriorityClass", "", v.getName(), v.getUid()));
    Map<String, String> labels = ctx.names().hostLabels(ctx.hostNamespace(), v.getLabels());
    int value = virtual.getValue() == null ? 0 : Math.min(virtual.getValue(), PodTranslator.MAX_PRIORITY);
    return new PriorityClassBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(ctx.names().clusterScopedHostName(ctx.hostNamespace(),
            v.getName())).withLabels(labels).withAnnotations(annotations).build())
        .withValue(value).withGlobalDefault(false).withDescription(virtual.getDescription())
        .withPreemptionPolicy(virtual.getPreemptionPolicy()).build();
  }

  /** Value and preemption policy are immutable on a PriorityClass: a change there is a re-creation. */
  public boolean needsRecreate(PriorityClass desired, PriorityClass actual) {
    return !Objects.equals(desired.getValue(), actual.getValue())
        || !Objects.equals(nullToDefault(desired.getPreemptionPolicy()), nullToDefault(actual.getPreemptionPolicy()));
  }

  public boolean differs(PriorityClass desired, PriorityClass actual) {
    return HostMetadata.differs(desired.getMetadata(), actual.getMetadata())
        || !Objects.equals(desired.getDescription(), actual.getDescription());
  }

  /** The virtual name a host copy of ours stands for, or null for a host class that is not ours. */
  public static String virtualName(PriorityClass host, TranslationContext ctx) {
    Map<String, String> a = host.getMetadata().getAnnotations();
    String name = a == null ? null : a.get(Markers.OBJECT_NAME);
    if (name == null || !ctx.names().clusterScopedHostName(ctx.hostNamespace(), name)
        .equals(host.getMetadata().getName())) {
      return null;
    }
    return name;
  }

  private static String nullToDefault(String policy) {
    return policy == null ? "PreemptLowerPriority" : policy;
  }
}
