package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.api.Meta;

/** Work queue keys: "namespace/name" as client-go's MetaNamespaceKeyFunc ("name" when cluster-scoped). */
final class Keys {
  private Keys() {}

  static String of(String namespace, String name) {
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }

  static String of(JsonNode object) {
    return of(Meta.namespace(object), Meta.name(object));
  }

  static String namespace(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? null : key.substring(0, slash);
  }

  static String name(String key) {
    return key.substring(key.indexOf('/') + 1);
  }
}
