package dev.vkube.apiserver.controllers.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.api.Meta;

/** The work-queue key of a controller: namespace (null when cluster-scoped) and name. */
public record ObjectKey(String namespace, String name) {
  public static ObjectKey of(JsonNode object) {
    return new ObjectKey(Meta.namespace(object), Meta.name(object));
  }

  @Override
  public String toString() {
    return namespace == null ? name : namespace + "/" + name;
  }
}
