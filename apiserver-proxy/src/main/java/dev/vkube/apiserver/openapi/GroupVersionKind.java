package dev.vkube.apiserver.openapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A kind in an API group version, as the {@code x-kubernetes-group-version-kind} extension names it. */
record GroupVersionKind(String group, String version, String kind) {

  String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The extension's object; keys in kube-openapi's (alphabetical) order. */
  ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("group", group);
    node.put("kind", kind);
    node.put("version", version);
    return node;
  }
}
