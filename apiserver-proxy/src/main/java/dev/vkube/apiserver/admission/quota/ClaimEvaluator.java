package dev.vkube.apiserver.admission.quota;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.admission.Operation;
import dev.vkube.apiserver.admission.resources.Quantity;
import dev.vkube.apiserver.admission.resources.ResourceList;
import java.time.Instant;
import java.util.Set;

/**
 * pkg/quota/v1/evaluator/core/persistent_volume_claims.go: claims and requested storage, in total and
 * per storage class ({@code <class>.storageclass.storage.k8s.io/requests.storage}).
 */
final class ClaimEvaluator implements QuotaEvaluator {
  static final String CLASS_SUFFIX = ".storageclass.storage.k8s.io/";
  private static final Set<String> NAMES = Set.of("persistentvolumeclaims", "count/persistentvolumeclaims",
      "requests.storage");

  @Override
  public String group() {
    return "";
  }

  @Override
  public String resource() {
    return "persistentvolumeclaims";
  }

  @Override
  public boolean charges(Operation operation) {
    return operation == Operation.CREATE || operation == Operation.UPDATE;
  }

  @Override
  public boolean tracks(String name) {
    return NAMES.contains(name) || (name.contains(CLASS_SUFFIX) && (name.endsWith("/requests.storage")
        || name.endsWith("/persistentvolumeclaims")));
  }

  @Override
  public ResourceList usage(JsonNode claim, Instant now) {
    ResourceList usage = new ResourceList().put("persistentvolumeclaims", Quantity.of(1))
        .put("count/persistentvolumeclaims", Quantity.of(1));
    String storageClass = claim.path("spec").path("storageClassName").asText("");
    if (!storageClass.isEmpty()) {
      usage.put(storageClass + CLASS_SUFFIX + "persistentvolumeclaims", Quantity.of(1));
    }
    Quantity storage = ResourceList.from(claim.path("spec").path("resources").path("requests")).get("storage");
    Quantity allocated = ResourceList.from(claim.path("status").path("allocatedResources")).get("storage");
    if (allocated != null && (storage == null || allocated.compareTo(storage) > 0)) {
      storage = allocated;
    }
    if (storage != null) {
      usage.put("requests.storage", storage);
      if (!storageClass.isEmpty()) {
        usage.put(storageClass + CLASS_SUFFIX + "requests.storage", storage);
      }
    }
    return usage;
  }
}
