package dev.vkube.apiserver.admission.quota;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vkube.apiserver.admission.Operation;
import dev.vkube.apiserver.admission.resources.PodResources;
import dev.vkube.apiserver.admission.resources.Quantity;
import dev.vkube.apiserver.admission.resources.ResourceList;
import dev.vkube.apiserver.admission.resources.ResourceNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * pkg/quota/v1/evaluator/core/pods.go: "count/pods" counts every pod, "pods" and the compute
 * resources only pods not yet terminal; extended resources are charged only as
 * {@code requests.<name>} (so {@code nvidia.com/gpu} and {@code limits.nvidia.com/gpu} keys never are).
 */
final class PodEvaluator implements QuotaEvaluator {
  private static final Set<String> NAMES = Set.of("pods", "count/pods", "cpu", "memory", "ephemeral-storage",
      "requests.cpu", "requests.memory", "requests.ephemeral-storage", "limits.cpu", "limits.memory",
      "limits.ephemeral-storage");
  /** Quotas on these force every container to declare them (the backward-compatible "must specify"). */
  private static final Set<String> MUST_SPECIFY = Set.of("cpu", "memory", "requests.cpu", "requests.memory",
      "limits.cpu", "limits.memory");

  @Override
  public String group() {
    return "";
  }

  @Override
  public String resource() {
    return "pods";
  }

  @Override
  public boolean charges(Operation operation) {
    return operation == Operation.CREATE;
  }

  @Override
  public boolean tracks(String name) {
    if (NAMES.contains(name) || name.startsWith("hugepages-") || name.startsWith("requests.hugepages-")) {
      return true;
    }
    return name.startsWith(ResourceNames.REQUESTS_PREFIX)
        && ResourceNames.isExtended(name.substring(ResourceNames.REQUESTS_PREFIX.length()));
  }

  @Override
  public ResourceList usage(JsonNode pod, Instant now) {
    ResourceList usage = new ResourceList().put("count/pods", Quantity.of(1));
    if (!counts(pod, now)) {
      return usage;
    }
    return usage.plus(computeUsage(PodResources.requests(pod.path("spec")), PodResources.limits(pod.path("spec"))));
  }

  /** QuotaV1Pod: terminal pods, and pods past their deletion grace, no longer use compute quota. */
  static boolean counts(JsonNode pod, Instant now) {
    String phase = pod.path("status").path("phase").asText("");
    if (phase.equals("Succeeded") || phase.equals("Failed")) {
      return false;
    }
    JsonNode meta = pod.path("metadata");
    if (meta.hasNonNull("deletionTimestamp") && meta.hasNonNull("deletionGracePeriodSeconds")) {
      Instant deletion = Instant.parse(meta.path("deletionTimestamp").asText());
      return !now.isAfter(deletion.plusSeconds(meta.path("deletionGracePeriodSeconds").asLong()));
    }
    return true;
  }

  /** podComputeUsageHelper. */
  static ResourceList computeUsage(ResourceList requests, ResourceList limits) {
    ResourceList usage = new ResourceList().put("pods", Quantity.of(1));
    for (String r : List.of("cpu", "memory", "ephemeral-storage")) {
      if (requests.has(r)) {
        usage.put(r, requests.get(r)).put("requests." + r, requests.get(r));
      }
      if (limits.has(r)) {
        usage.put("limits." + r, limits.get(r));
      }
    }
    requests.asMap().forEach((r, q) -> {
      if (ResourceNames.isHugePages(r)) {
        usage.put(r, q).put("requests." + r, q);
      }
      if (ResourceNames.isExtended(r)) {
        usage.put("requests." + r, q);
      }
    });
    return usage;
  }

  @Override
  public boolean inScope(JsonNode quota, JsonNode pod) {
    for (QuotaScopes.Selector selector : QuotaScopes.selectors(quota)) {
      if (!QuotaScopes.podMatches(selector, pod)) {
        return false;
      }
    }
    return true;
  }

  /** podEvaluator.Constraints: "must specify limits.cpu for: a,b; requests.memory for: a". */
  @Override
  public String constraints(Set<String> tracked, JsonNode pod) {
    Set<String> required = new TreeSet<>(tracked);
    required.retainAll(MUST_SPECIFY);
    if (required.isEmpty()) {
      return null;
    }
    Map<String, TreeSet<String>> missing = new TreeMap<>();
    for (String list : new String[] {"containers", "initContainers"}) {
      for (JsonNode c : pod.path("spec").path(list)) {
        ResourceList declared = computeUsage(PodResources.containerRequests(c),
            ResourceList.from(c.path("resources").path("limits")));
        for (String r : required) {
          if (!declared.has(r)) {
            missing.computeIfAbsent(r, k -> new TreeSet<>()).add(c.path("name").asText());
          }
        }
      }
    }
    if (missing.isEmpty()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    missing.forEach((r, names) -> parts.add(r + " for: " + String.join(",", names)));
    return "must specify " + String.join("; ", parts);
  }
}
