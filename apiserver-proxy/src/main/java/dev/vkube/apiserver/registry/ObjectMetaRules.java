package dev.vkube.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.StatusCause;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Validation of ObjectMeta shared by every resource (apimachinery ValidateObjectMeta, the name part). */
final class ObjectMetaRules {
  private ObjectMetaRules() {}

  static List<StatusCause> validate(ObjectNode object, NameRule rule) {
    List<StatusCause> causes = new ArrayList<>();
    JsonNode metadata = object.path("metadata");
    String name = metadata.path("name").asText("");
    if (name.isEmpty()) {
      causes.add(new StatusCause("FieldValueRequired", "Required value: name or generateName is required",
          "metadata.name"));
    } else {
      Optional<String> problem = rule.check(name);
      problem.ifPresent(p -> causes.add(StatusCause.invalid("metadata.name", name, p)));
    }
    return causes;
  }
}
