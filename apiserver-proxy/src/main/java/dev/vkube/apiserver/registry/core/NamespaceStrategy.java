package dev.vkube.apiserver.registry.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vkube.apiserver.registry.NameRule;
import dev.vkube.apiserver.registry.ResourceStrategy;
import java.util.List;
import java.util.Map;

/** pkg/registry/core/namespace/strategy.go: phase Active, the kubernetes finalizer, the name label. */
public final class NamespaceStrategy implements ResourceStrategy {
  public static final String NAME_LABEL = "kubernetes.io/metadata.name";
  public static final String FINALIZER = "kubernetes";
  public static final String FINALIZE = "finalize";
  private final NamespaceFinalizeStrategy finalize = new NamespaceFinalizeStrategy(this);

  @Override
  public NameRule nameRule() {
    return NameRule.DNS_LABEL;
  }

  @Override
  public List<String> verbs() {
    return List.of("create", "delete", "get", "list", "patch", "update", "watch");
  }

  @Override
  public void prepareForCreate(ObjectNode namespace) {
    ObjectNode spec = namespace.with("spec");
    if (!spec.has("finalizers")) {
      spec.putArray("finalizers").add(FINALIZER);
    }
    namespace.putObject("status").put("phase", "Active");
    nameLabel(namespace);
  }

  @Override
  public void prepareForUpdate(ObjectNode namespace, ObjectNode old) {
    // The finalizers of spec change only through /finalize (namespace strategy PrepareForUpdate).
    if (old.has("spec")) {
      namespace.set("spec", old.get("spec").deepCopy());
    }
    nameLabel(namespace);
  }

  @Override
  public ResourceStrategy forSubresource(String subresource) {
    return FINALIZE.equals(subresource) ? finalize : this;
  }

  @Override
  public void prepareForDeletion(ObjectNode namespace) {
    namespace.putObject("status").put("phase", "Terminating");
  }

  @Override
  public Map<String, String> selectableFields() {
    return Map.of("status.phase", "status.phase");
  }

  void labelWithName(ObjectNode namespace) {
    nameLabel(namespace);
  }

  private static void nameLabel(ObjectNode namespace) {
    ObjectNode metadata = namespace.with("metadata");
    metadata.with("labels").put(NAME_LABEL, metadata.path("name").asText());
  }
}
