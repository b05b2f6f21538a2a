package dev.vkube.apiserver.admission.quota;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.admission.Operation;
import dev.vkube.apiserver.admission.resources.Quantity;
import dev.vkube.apiserver.admission.resources.ResourceList;
import java.time.Instant;
import java.util.Set;

/**
 * Object count quota (pkg/quota/v1/generic): {@code count/<resource>[.<group>]}, and the legacy
 * names configmaps, secrets, replicationcontrollers and resourcequotas. Charged on create only.
 */
final class CountEvaluator implements QuotaEvaluator {
  private static final Set<String> LEGACY = Set.of("configmaps", "secrets", "replicationcontrollers",
      "resourcequotas");
  private final String group;
  private final String resource;

  CountEvaluator(String group, String resource) {
    this.group = group;
    this.resource = resource;
  }

  static String countName(String group, String resource) {
    return "count/" + resource + (group.isEmpty() ? "" : "." + group);
  }

  @Override
  public String group() {
    return group;
  }

  @Override
  public String resource() {
    return resource;
  }

  @Override
  public boolean charges(Operation operation) {
    return operation == Operation.CREATE;
  }

  @Override
  public boolean tracks(String name) {
    return name.equals(countName(group, resource)) || (group.isEmpty() && LEGACY.contains(resource)
        && name.equals(resource));
  }

  @Override
  public ResourceList usage(JsonNode object, Instant now) {
    ResourceList usage = new ResourceList().put(countName(group, resource), Quantity.of(1));
    if (group.isEmpty() && LEGACY.contains(resource)) {
      usage.put(resource, Quantity.of(1));
    }
    return usage;
  }
}
