package dev.vkube.apiserver.controllers.cluster.gc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** One metadata.ownerReferences entry. */
public record OwnerRef(String apiVersion, String kind, String name, String uid, boolean blockOwnerDeletion) {

  public static List<OwnerRef> of(JsonNode object) {
    List<OwnerRef> refs = new ArrayList<>();
    for (JsonNode r : object.path("metadata").path("ownerReferences")) {
      refs.add(new OwnerRef(r.path("apiVersion").asText(), r.path("kind").asText(), r.path("name").asText(),
          r.path("uid").asText(), r.path("blockOwnerDeletion").asBoolean(false)));
    }
    return List.copyOf(refs);
  }

  public String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  public String version() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
  }
}
