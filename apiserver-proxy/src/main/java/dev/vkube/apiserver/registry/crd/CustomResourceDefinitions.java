package dev.vkube.apiserver.registry.crd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.registry.ResourceDefinition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns a CRD into the resource definitions of its served versions (one per version, shared storage). */
public final class CustomResourceDefinitions {
  private CustomResourceDefinitions() {}

  public static List<ResourceDefinition> served(JsonNode crd, java.time.Clock clock) {
    JsonNode spec = crd.path("spec");
    String group = spec.path("group").asText();
    JsonNode names = spec.path("names");
    String plural = names.path("plural").asText();
    List<ResourceDefinition> out = new ArrayList<>();
    for (JsonNode version : spec.path("versions")) {
      if (!version.path("served").asBoolean(false)) {
        continue;
      }
      Set<String> subresources = new LinkedHashSet<>();
      if (version.path("subresources").has("status")) {
        subresources.add("status");
      }
      if (version.path("subresources").has("scale")) {
        subresources.add("scale");
      }
      out.add(new ResourceDefinition(group, version.path("name").asText(), plural, names.path("kind").asText(),
          names.path("singular").asText(plural), strings(names.path("shortNames")),
          strings(names.path("categories")), "Namespaced".equals(spec.path("scope").asText()), subresources,
          group + "/" + plural, new CustomResourceStrategy(version, clock)));
    }
    return out;
  }

  /** The storage version's name (the one marked storage: true). */
  public static String storageVersion(JsonNode crd) {
    for (JsonNode version : crd.path("spec").path("versions")) {
      if (version.path("storage").asBoolean(false)) {
        return version.path("name").asText();
      }
    }
    return null;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
