package dev.vkube.apiserver.controllers.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.Meta;

/** Controller ownerReferences (apimachinery metav1.NewControllerRef and GetControllerOf). */
final class Owners {
  private Owners() {}

  /** The reference a controller puts on what it creates: controller and blockOwnerDeletion true. */
  static ObjectNode controllerRef(Kind ownerKind, JsonNode owner) {
    ObjectNode ref = JsonNodeFactory.instance.objectNode();
    ref.put("apiVersion", ownerKind.apiVersion());
    ref.put("kind", ownerKind.kind());
    ref.put("name", Meta.name(owner));
    ref.put("uid", Meta.uid(owner));
    ref.put("controller", true);
    ref.put("blockOwnerDeletion", true);
    return ref;
  }

  static void setController(ObjectNode object, Kind ownerKind, JsonNode owner) {
    Meta.metadata(object).putArray("ownerReferences").add(controllerRef(ownerKind, owner));
  }

  /** The ownerReference with controller true, or null. */
  static JsonNode controllerOf(JsonNode object) {
    for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)) {
        return ref;
      }
    }
    return null;
  }

  static String controllerUid(JsonNode object) {
    JsonNode ref = controllerOf(object);
    return ref == null ? null : ref.path("uid").asText(null);
  }

  static boolean isControlledBy(JsonNode object, JsonNode owner) {
    String uid = controllerUid(object);
    return uid != null && uid.equals(Meta.uid(owner));
  }

  /** The "namespace/name" key of the controller of {@code object} when it is of {@code kind}. */
  static String controllerKey(JsonNode object, Kind kind) {
    JsonNode ref = controllerOf(object);
    if (ref == null || !kind.kind().equals(ref.path("kind").asText())
        || !ref.path("apiVersion").asText().startsWith(kind.group().isEmpty() ? kind.version() : kind.group() + "/")) {
      return null;
    }
    return Keys.of(Meta.namespace(object), ref.path("name").asText());
  }
}
