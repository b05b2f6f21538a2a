package dev.vkube.syncer.translate;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Deep copies, so a translation never aliases (and so never mutates) an informer's cached object. */
final class Copies {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Copies() {
  }

  static <T> T deep(T object) {
    return object == null ? null : SERIALIZATION.clone(object);
  }
}
