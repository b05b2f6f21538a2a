package dev.vkube.syncer.translate;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata of a host copy: translated name in the host namespace, translated labels plus owner
 * markers, the virtual annotations plus the ownership annotations. Nothing else of the virtual
 * metadata (uid, resourceVersion, owner references, finalizers) means anything on the host.
 */
final class HostMetadata {
  private HostMetadata() {
  }

  static ObjectMeta of(HasMetadata virtual, TranslationContext ctx) {
    ObjectMeta v = virtual.getMetadata();
    Map<String, String> annotations = new LinkedHashMap<>();
    if (v.getAnnotations() != null) {
      annotations.putAll(v.getAnnotations());
    }
    annotations.putAll(ctx.names().ownerAnnotations(virtual.getKind(), v.getNamespace(), v.getName(), v.getUid()));
    return new ObjectMetaBuilder()
        .withName(ctx.names().hostName(v.getNamespace(), v.getName()))
        .withNamespace(ctx.hostNamespace())
        .withLabels(ctx.names().hostLabels(v.getNamespace(), v.getLabels()))
        .withAnnotations(annotations)
        .build();
  }

  /** Whether the parts of the metadata the syncer owns differ. */
  static boolean differs(ObjectMeta desired, ObjectMeta actual) {
    return !nullToEmpty(desired.getLabels()).equals(nullToEmpty(actual.getLabels()))
        || !nullToEmpty(desired.getAnnotations()).equals(nullToEmpty(actual.getAnnotations()));
  }

  static Map<String, String> nullToEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
