package dev.vkube.apiserver.registry.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.api.StatusCause;
import dev.vkube.apiserver.registry.NameRule;
import dev.vkube.apiserver.registry.ResourceStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CustomResourceDefinition objects (apiextensions-apiserver pkg/registry/customresourcedefinition and
 * pkg/apis/apiextensions/validation): defaults, the cleanup finalizer, and the checks users hit.
 */
public final class CrdStrategy implements ResourceStrategy {
  public static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

  @Override
  public NameRule nameRule() {
    return NameRule.DNS_SUBDOMAIN;
  }

  @Override
  public boolean tracksGeneration() {
    return true;
  }

  @Override
  public void applyDefaults(ObjectNode crd) {
    ObjectNode spec = crd.with("spec");
    ObjectNode names = spec.with("names");
    String kind = names.path("kind").asText("");
    if (!names.has("singular") && !kind.isEmpty()) {
      names.put("singular", kind.toLowerCase(Locale.ROOT));
    }
    if (!names.has("listKind") && !kind.isEmpty()) {
      names.put("listKind", kind + "List");
    }
    if (!spec.has("conversion")) {
      spec.putObject("conversion").put("strategy", "None");
    }
  }

  @Override
  public void prepareForCreate(ObjectNode crd) {
    ArrayNode finalizers = crd.with("metadata").withArray("finalizers");
    for (JsonNode f : finalizers) {
      if (f.asText().equals(CLEANUP_FINALIZER)) {
        return;
      }
    }
    finalizers.add(CLEANUP_FINALIZER);
  }

  @Override
  public List<StatusCause> validate(ObjectNode crd) {
    List<StatusCause> causes = new ArrayList<>();
    JsonNode spec = crd.path("spec");
    String group = spec.path("group").asText("");
    JsonNode names = spec.path("names");
    String plural = names.path("plural").asText("");
    if (group.isEmpty()) {
      causes.add(StatusCause.required("spec.group"));
    } else if (!group.contains(".")) {
      causes.add(StatusCause.invalid("spec.group", group, "should be a domain with at least one dot"));
    }
    if (plural.isEmpty()) {
      causes.add(StatusCause.required("spec.names.plural"));
    }
    if (names.path("kind").asText("").isEmpty()) {
      causes.add(StatusCause.required("spec.names.kind"));
    }
    String name = crd.path("metadata").path("name").asText("");
    if (!name.equals(plural + "." + group)) {
      causes.add(StatusCause.invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
    }
    String scope = spec.path("scope").asText("");
    if (!scope.equals("Namespaced") && !scope.equals("Cluster")) {
      causes.add(scope.isEmpty() ? StatusCause.required("spec.scope") : StatusCause.unsupported("spec.scope",
          scope, "supported values: \"Cluster\", \"Namespaced\""));
    }
    versions(spec.path("versions"), causes);
    return causes;
  }

  private static void versions(JsonNode versions, List<StatusCause> causes) {
    if (versions.size() == 0) {
      causes.add(StatusCause.required("spec.versions"));
      return;
    }
    int storage = 0;
    for (int i = 0; i < versions.size(); i++) {
      JsonNode version = versions.get(i);
      String path = "spec.versions[" + i + "]";
      storage += version.path("storage").asBoolean(false) ? 1 : 0;
      String name = version.path("name").asText("");
      if (name.isEmpty()) {
        causes.add(StatusCause.required(path + ".name"));
      } else {
        NameRule.DNS_LABEL.check(name).ifPresent(p -> causes.add(StatusCause.invalid(path + ".name", name, p)));
      }
      JsonNode schema = version.path("schema").path("openAPIV3Schema");
      if (schema.isMissingNode()) {
        causes.add(new StatusCause("FieldValueRequired", "Required value: schemas are required",
            path + ".schema.openAPIV3Schema"));
      } else if (schema.path("type").asText("").isEmpty()) {
        causes.add(new StatusCause("FieldValueRequired", "Required value: must not be empty at the root",
            path + ".schema.openAPIV3Schema.type"));
      }
    }
    if (storage != 1) {
      causes.add(StatusCause.invalid("spec.versions", "[]", "must have exactly one version marked as storage "
          + "version"));
    }
  }

  @Override
  public List<StatusCause> validateUpdate(ObjectNode crd, ObjectNode old) {
    List<StatusCause> causes = new ArrayList<>(validate(crd));
    for (String immutable : List.of("group", "scope")) {
      if (!crd.path("spec").path(immutable).equals(old.path("spec").path(immutable))) {
        causes.add(StatusCause.invalid("spec." + immutable, crd.path("spec").path(immutable).asText(),
            "field is immutable"));
      }
    }
    return causes;
  }
}
